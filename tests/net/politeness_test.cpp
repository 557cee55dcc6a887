#include "net/politeness.h"

#include <doctest/doctest.h>

namespace nianbao::net {
namespace {

PolitenessLimits Limits(int conns, int64_t delay) {
  PolitenessLimits l;
  l.per_host_connections = conns;
  l.delay_ms = delay;
  l.max_crawl_delay_ms = 60000;
  l.max_penalty_ms = 8000;
  return l;
}

TEST_CASE("politeness: the gap between starts and the connection limit") {
  HostPoliteness h(Limits(2, 1000));
  CHECK(h.CanStart(5000));
  h.OnStart(5000);
  CHECK(h.NextStart() == 6000);
  CHECK_FALSE(h.CanStart(5999));
  CHECK(h.CanStart(6000));
  h.OnStart(6000);
  CHECK_FALSE(h.CanStart(9000));  // two in flight
  h.OnFinish();
  CHECK(h.CanStart(9000));
  CHECK(h.in_flight() == 1);
}

TEST_CASE("politeness: the gap counts from when the request went out") {
  HostPoliteness h(Limits(2, 1000));
  h.OnStart(5000);
  h.OnSent(5040);  // connecting took 40 ms
  CHECK(h.NextStart() == 6040);
  h.OnSent(5010);  // never earlier
  CHECK(h.NextStart() == 6040);
}

TEST_CASE("politeness: Crawl-delay is the larger of it and the configured delay, capped") {
  HostPoliteness h(Limits(1, 1000));
  h.SetCrawlDelay(3000);
  CHECK(h.delay_ms() == 3000);
  h.SetCrawlDelay(200);
  CHECK(h.delay_ms() == 1000);
  h.SetCrawlDelay(3600000);
  CHECK(h.delay_ms() == 60000);
  h.SetCrawlDelay(0);
  CHECK(h.delay_ms() == 1000);
}

TEST_CASE("politeness: throttling doubles the delay up to the cap and success decays it") {
  HostPoliteness h(Limits(1, 1000));
  h.OnThrottled();
  CHECK(h.delay_ms() == 2000);
  h.OnThrottled();
  CHECK(h.delay_ms() == 4000);
  h.OnThrottled();
  h.OnThrottled();
  CHECK(h.delay_ms() == 8000);  // capped
  h.OnSuccess();
  CHECK(h.delay_ms() == 4000);
  h.OnSuccess();
  h.OnSuccess();
  CHECK(h.delay_ms() == 1000);
  h.OnSuccess();  // 500: still a penalty
  CHECK(h.penalty_ms() == HostPoliteness::kMinPenaltyMs);
  h.OnSuccess();
  CHECK(h.penalty_ms() == 0);
  CHECK(h.delay_ms() == 1000);  // never below the configured delay
}

TEST_CASE("politeness: a zero configured delay still backs off") {
  HostPoliteness h(Limits(1, 0));
  h.OnThrottled();
  CHECK(h.delay_ms() == HostPoliteness::kMinPenaltyMs);
  h.OnSuccess();
  CHECK(h.delay_ms() == 0);
}

TEST_CASE("politeness: DeferUntil holds the host") {
  HostPoliteness h(Limits(2, 100));
  h.DeferUntil(10000);
  CHECK_FALSE(h.CanStart(9999));
  CHECK(h.CanStart(10000));
  h.DeferUntil(5000);  // never moves earlier
  CHECK(h.NextStart() == 10000);
}

TEST_CASE("Retry-After: seconds and HTTP-dates") {
  const UnixMillis now = 1445412480000;  // Wed, 21 Oct 2015 07:28:00 GMT
  CHECK(ParseRetryAfter("120", now) == 120000);
  CHECK(ParseRetryAfter(" 0 ", now) == 0);
  CHECK(ParseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now) == 30000);
  CHECK(ParseRetryAfter("Wednesday, 21-Oct-15 07:29:00 GMT", now) == 60000);
  CHECK(ParseRetryAfter("Wed Oct 21 07:28:10 2015", now) == 10000);
  CHECK(ParseRetryAfter("Tue, 20 Oct 2015 07:28:00 GMT", now) == 0);  // past
  CHECK(ParseRetryAfter("99999999", now, 3600000) == 3600000);        // capped
  CHECK(ParseRetryAfter("99999999999999999999", now, 3600000) == 3600000);
  CHECK_FALSE(ParseRetryAfter("soon", now).has_value());
  CHECK_FALSE(ParseRetryAfter("", now).has_value());
  CHECK_FALSE(ParseRetryAfter("-5", now).has_value());
}

TEST_CASE("retry backoff grows exponentially with bounded jitter") {
  CHECK(RetryBackoffMs(1, 1000, 60000, 0.0) == 500);
  CHECK(RetryBackoffMs(1, 1000, 60000, 0.999) >= 999);
  CHECK(RetryBackoffMs(2, 1000, 60000, 0.0) == 1000);
  CHECK(RetryBackoffMs(3, 1000, 60000, 0.5) == 3000);
  CHECK(RetryBackoffMs(10, 1000, 60000, 0.0) == 30000);  // capped step 60000
  CHECK(RetryBackoffMs(60, 1000, 60000, 1.0) == 60000);  // no overflow
  for (int retry = 1; retry < 6; ++retry) {
    CHECK(RetryBackoffMs(retry + 1, 100, 100000, 0.0) > RetryBackoffMs(retry, 100, 100000, 0.0));
  }
}

}  // namespace
}  // namespace nianbao::net
