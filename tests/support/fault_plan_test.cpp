// Tests for FaultPlan and HttpTestServer::SetFaultPlan: the draw is a pure
// function of (seed, n) with the asked shares, and the server injects
// exactly the planned fault into its n-th request to the host (503, a reset
// with no status line, a late answer), leaving other hosts alone.
#include <curl/curl.h>
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/fault_plan.h"
#include "tests/support/http_test_server.h"

namespace nianbao::testing {
namespace {

struct Got {
  CURLcode code = CURLE_OK;
  long status = 0;
  long long elapsed_ms = 0;
};

// One GET on a fresh connection to 127.0.0.1 with Host: host.
Got Get(const HttpTestServer& server, const std::string& host, const std::string& target) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  std::string resolve_entry = host + ":" + std::to_string(server.port()) + ":127.0.0.1";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve(curl_slist_append(nullptr, resolve_entry.c_str()),
                                                                      &curl_slist_free_all);
  std::string url = server.Url(host, target);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl.get(), CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t n, void*) { return size * n; });
  Got g;
  const auto t0 = std::chrono::steady_clock::now();
  g.code = curl_easy_perform(curl.get());
  g.elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &g.status);
  return g;
}

FaultPlan Flaky(std::uint64_t seed) {
  FaultPlan p;
  p.seed = seed;
  p.unavailable = 0.05;
  p.reset = 0.02;
  p.slow = 0.02;
  p.slow_ms = 150;
  return p;
}

}  // namespace

TEST_CASE("a fault plan is a pure function of seed and request number, with the asked shares") {
  const FaultPlan plan = Flaky(7);
  const int n = 200000;
  int unavailable = 0, reset = 0, slow = 0, differs = 0;
  for (int i = 0; i < n; ++i) {
    const PlannedFault f = plan.For(static_cast<std::uint64_t>(i));
    CHECK(f == Flaky(7).For(static_cast<std::uint64_t>(i)));  // the same again
    unavailable += f == PlannedFault::kUnavailable;
    reset += f == PlannedFault::kReset;
    slow += f == PlannedFault::kSlow;
    differs += f != Flaky(8).For(static_cast<std::uint64_t>(i));
  }
  // Binomial(200000, p): 5 standard deviations are under 0.25 points.
  CHECK(unavailable == doctest::Approx(0.05 * n).epsilon(0.05));
  CHECK(reset == doctest::Approx(0.02 * n).epsilon(0.08));
  CHECK(slow == doctest::Approx(0.02 * n).epsilon(0.08));
  // Another seed is another draw: two plans agree on a faulted request only by chance.
  CHECK(differs > n / 20);
  FaultPlan none;
  for (int i = 0; i < 1000; ++i) CHECK(none.For(static_cast<std::uint64_t>(i)) == PlannedFault::kNone);
  FaultPlan all;
  all.reset = 1.0;
  for (int i = 0; i < 1000; ++i) CHECK(all.For(static_cast<std::uint64_t>(i)) == PlannedFault::kReset);
}

TEST_CASE("the server gives its n-th request to a host the plan's fault n, and other hosts none") {
  HttpTestServer server;
  REQUIRE(server.status().ok());
  server.Get("*", "/page", Response::Html("<p>ok</p>"));
  server.Get("*", "/robots.txt", Response::Text("User-agent: *\n"));
  FaultPlan plan = Flaky(11);
  plan.spared_paths = {"/robots.txt"};
  plan.unavailable = 0.2;  // enough of each kind in a short run
  plan.reset = 0.1;
  plan.slow = 0.1;
  server.SetFaultPlan("flaky.gov.cn", plan);
  const int n = 60;
  int seen[4] = {0, 0, 0, 0};
  for (int i = 0; i < n; ++i) {
    const PlannedFault want = plan.For(static_cast<std::uint64_t>(i));
    ++seen[static_cast<int>(want)];
    const Got got = Get(server, "flaky.gov.cn", "/page");
    CAPTURE(i);
    switch (want) {
      case PlannedFault::kUnavailable:
        CHECK(got.code == CURLE_OK);
        CHECK(got.status == 503);
        break;
      case PlannedFault::kReset:
        CHECK(got.code != CURLE_OK);  // no status line: recv failure or an empty reply
        CHECK(got.status == 0);
        break;
      case PlannedFault::kSlow:
        CHECK(got.status == 200);
        CHECK(got.elapsed_ms >= plan.slow_ms);
        break;
      case PlannedFault::kNone:
        CHECK(got.status == 200);
        CHECK(got.elapsed_ms < plan.slow_ms);
        break;
    }
    const Got other = Get(server, "calm.gov.cn", "/page");  // no plan for this host, none for "*"
    CHECK(other.status == 200);
    CHECK(Get(server, "flaky.gov.cn", "/robots.txt").status == 200);  // spared, and not numbered
  }
  REQUIRE(seen[1] > 0);
  REQUIRE(seen[2] > 0);
  REQUIRE(seen[3] > 0);
  const FaultCounts counts = server.FaultsInjected();
  CHECK(counts.requests == static_cast<std::uint64_t>(n));
  CHECK(counts.unavailable == static_cast<std::uint64_t>(seen[1]));
  CHECK(counts.reset == static_cast<std::uint64_t>(seen[2]));
  CHECK(counts.slow == static_cast<std::uint64_t>(seen[3]));
  server.WaitForIdle();
  int statuses_ok = 0;
  for (const Request& r : server.RequestsTo("flaky.gov.cn")) statuses_ok += r.path == "/page" && r.status == 200;
  CHECK(statuses_ok == seen[0] + seen[3]);

  // A plan set again starts numbering at 0: the same faults in the same order.
  server.SetFaultPlan("flaky.gov.cn", plan);
  for (int i = 0; i < 10; ++i) {
    const PlannedFault want = plan.For(static_cast<std::uint64_t>(i));
    const Got got = Get(server, "flaky.gov.cn", "/page");
    CHECK((got.status == 503) == (want == PlannedFault::kUnavailable));
    CHECK((got.status == 0) == (want == PlannedFault::kReset));
  }
}

}  // namespace nianbao::testing
