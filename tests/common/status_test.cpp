#include "common/status.h"

#include <doctest/doctest.h>

#include "common/clock.h"

using namespace nianbao;

TEST_CASE("Status carries code and operator message") {
  Status ok;
  CHECK(ok.ok());
  CHECK(ok.ToString() == "ok");
  Status e = InvalidArgument("timeout_s: must be > 0").WithContext("a.toml:3");
  CHECK_FALSE(e.ok());
  CHECK(e.code() == Code::kInvalidArgument);
  CHECK(e.ToString() == "a.toml:3: timeout_s: must be > 0");
  CHECK(ok.WithContext("x").ok());
}

TEST_CASE("Result holds a value or an error") {
  Result<int> r = 7;
  REQUIRE(r.ok());
  CHECK(*r == 7);
  Result<int> e = NotFound("agency 南岗区王岗镇");
  CHECK_FALSE(e.ok());
  CHECK(e.status().code() == Code::kNotFound);
  CHECK(r.status().ok());
}

TEST_CASE("ManualClock moves only when told") {
  ManualClock c(1000);
  CHECK(c.Now() == 1000);
  c.Advance(500);
  CHECK(c.Now() == 1500);
  c.Set(5);
  CHECK(c.Now() == 5);
  CHECK(SystemClock::Instance().Now() > 1600000000000);
}
