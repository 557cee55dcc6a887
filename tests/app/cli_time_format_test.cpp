// Times in the operator's output: local time with the zone, UTC for JSON, and
// "… ago" phrases.
#include <doctest/doctest.h>

#include <stdlib.h>
#include <time.h>

#include "app/cli/time_format.h"

namespace nianbao::app {
namespace {

constexpr UnixMillis kT = 1642728600000;  // 2022-01-21T01:30:00Z

TEST_CASE("local time carries the zone, JSON times are UTC") {
  ::setenv("TZ", "CST-8", 1);  // POSIX form: no tzdata needed
  ::tzset();
  CHECK(LocalTime(kT) == "2022-01-21 09:30 CST");
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  CHECK(LocalTime(kT) == "2022-01-21 01:30 UTC");
  CHECK(IsoUtc(kT) == "2022-01-21T01:30:00Z");
  CHECK(IsoUtc(999) == "1970-01-01T00:00:00Z");
}

TEST_CASE("ago phrases round down to the largest sensible unit") {
  constexpr UnixMillis kMin = 60000, kHour = 60 * kMin, kDay = 24 * kHour;
  CHECK(Ago(kT, kT) == "just now");
  CHECK(Ago(kT, kT + 59999) == "just now");
  CHECK(Ago(kT, kT + 5 * kMin) == "5 min ago");
  CHECK(Ago(kT, kT + 2 * kHour + 59 * kMin) == "2 h ago");
  CHECK(Ago(kT, kT + 47 * kHour) == "47 h ago");
  CHECK(Ago(kT, kT + 3 * kDay) == "3 d ago");
  CHECK(Ago(kT + 2 * kHour, kT) == "in 2 h");
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  CHECK(LocalTimeAgo(kT, kT + 2 * kHour) == "2022-01-21 01:30 UTC (2 h ago)");
}

}  // namespace
}  // namespace nianbao::app
