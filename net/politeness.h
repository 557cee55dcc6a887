// Politeness arithmetic for one host, kept free of I/O and timers so it can
// be tested with plain numbers (times are Unix milliseconds from a Clock).
//
// HostPoliteness answers "may a request to this host start at time t, and if
// not, when?". Invariants: in_flight() never exceeds the connection limit
// when callers only start after CanStart(); two starts are at least
// delay_ms() apart; delay_ms() = max(configured delay, Crawl-delay (capped),
// throttle penalty). The penalty doubles on each 429/503 (from at least
// kMinPenaltyMs, capped at max_penalty_ms) and halves on each success until it
// falls below kMinPenaltyMs and vanishes. Retry-After pushes the next start
// out with DeferUntil. Not thread-safe: owned by the fetcher on its io thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/clock.h"

namespace nianbao::net {

struct PolitenessLimits {
  int per_host_connections = 2;       // in flight to one host
  int64_t delay_ms = 1000;            // least gap between two request starts
  int64_t max_crawl_delay_ms = 60000; // a robots Crawl-delay above this is capped
  int64_t max_penalty_ms = 3600000;   // throttle penalty cap (1 h)
};

class HostPoliteness {
 public:
  static constexpr int64_t kMinPenaltyMs = 500;

  explicit HostPoliteness(PolitenessLimits limits) : limits_(limits) {}

  // Applies a robots.txt Crawl-delay (0 clears it).
  void SetCrawlDelay(int64_t crawl_delay_ms);

  // The current least gap between two starts.
  int64_t delay_ms() const;
  int64_t penalty_ms() const { return penalty_ms_; }
  int in_flight() const { return in_flight_; }

  // The earliest time a request may start, ignoring the connection limit.
  UnixMillis NextStart() const;
  // Whether a request may start at `now` (gap and connection limit).
  bool CanStart(UnixMillis now) const;

  void OnStart(UnixMillis now);
  // The request started at OnStart actually went out at `now` (after
  // connecting): the gap is measured from the later of the two.
  void OnSent(UnixMillis now);
  void OnFinish();
  // A 429/503 answer (or a timeout): grow the penalty.
  void OnThrottled();
  // A successful answer: let the penalty decay.
  void OnSuccess();
  // Nothing starts before `t` (Retry-After, robots unreachable).
  void DeferUntil(UnixMillis t);

 private:
  PolitenessLimits limits_;
  int64_t crawl_delay_ms_ = 0;
  int64_t penalty_ms_ = 0;
  UnixMillis last_start_ = 0;
  bool started_ = false;
  UnixMillis not_before_ = 0;
  int in_flight_ = 0;
};

// The delay a Retry-After header value asks for, in milliseconds from `now`:
// delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT",
// also the RFC 850 and asctime forms). A date in the past gives 0. Returns
// nullopt for values that are neither. The result is capped at `cap_ms`.
std::optional<int64_t> ParseRetryAfter(std::string_view value, UnixMillis now,
                                       int64_t cap_ms = 86400000);

// Exponential backoff before retry number `retry` (1 = first retry):
// d = min(cap_ms, base_ms * 2^(retry-1)), returned as d/2 + jitter*d/2 with
// `jitter` in [0, 1) ("equal jitter": never less than half the step).
int64_t RetryBackoffMs(int retry, int64_t base_ms, int64_t cap_ms, double jitter);

}  // namespace nianbao::net
