// Fetcher: the crawler's polite, bounded HTTP client. Callers hand it
// FetchRequests and get exactly one FetchResult back per request, through
// the request's `done` callback, once the document was fetched, found not
// modified, or given up on.
//
// What it guarantees (FetcherOptions names the knobs):
//  - politeness per host name: at most per_host_connections transfers in
//    flight, request starts at least max(per_host_delay_ms, robots
//    Crawl-delay, throttle penalty) apart, at most max_connections overall;
//  - robots.txt (RFC 9309) fetched per origin before the first request and
//    obeyed when respect_robots is set; cached robots_cache_ms;
//  - redirects followed by the fetcher itself, each hop re-checked for scope
//    (allowed_hosts), robots and politeness, at most max_redirects hops;
//  - retries with exponential backoff and jitter for timeouts, connection
//    errors, 429 and 5xx; Retry-After honoured; other 4xx fail at once;
//  - bodies bounded by max_body_bytes, raw and decoded (gzip bombs stop);
//  - connections to loopback/private/link-local addresses refused unless the
//    host:port is pinned by `resolve` or allow_private is set.
//
// Threading: all methods must be called on the thread running the
// io_context, and `done` runs there too (never inside Fetch itself). The
// caller runs io_context::run(). Destroying the Fetcher drops unfinished
// requests without calling their `done`; call Shutdown() first to have them
// completed with error_kind kCancelled.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/fetch_error.h"
#include "common/status.h"
#include "net/request.h"

namespace nianbao::net {

// FetchResult::error_kind values: net's short names for the shared kinds of
// common/fetch_error.h.
inline constexpr FetchErrorKind kErrDns = FetchErrorKind::kDns;
inline constexpr FetchErrorKind kErrConnect = FetchErrorKind::kConnect;
inline constexpr FetchErrorKind kErrTimeout = FetchErrorKind::kTimeout;
inline constexpr FetchErrorKind kErrTls = FetchErrorKind::kTls;
inline constexpr FetchErrorKind kErrProtocol = FetchErrorKind::kProtocol;  // bad chunking, a body shorter than its length
inline constexpr FetchErrorKind kErrHttp = FetchErrorKind::kHttp;        // an HTTP status we do not accept
inline constexpr FetchErrorKind kErrRobots = FetchErrorKind::kRobots;    // disallowed, or robots.txt unreachable
inline constexpr FetchErrorKind kErrScope = FetchErrorKind::kScope;      // host not in allowed_hosts, bad scheme
inline constexpr FetchErrorKind kErrLimit = FetchErrorKind::kLimit;      // body size or redirect count
inline constexpr FetchErrorKind kErrBlocked = FetchErrorKind::kBlocked;  // private address refused, anti-bot answer
inline constexpr FetchErrorKind kErrCancelled = FetchErrorKind::kCancelled;
inline constexpr FetchErrorKind kErrOther = FetchErrorKind::kOther;

struct FetcherOptions {
  std::string user_agent = "nianbao/0.1 (+https://github.com/nianbao)";  // the one default (README)
  int max_connections = 32;       // in flight, all hosts together
  int per_host_connections = 2;   // in flight to one host
  int per_host_delay_ms = 1000;   // least gap between two request starts to one host
  int timeout_s = 30;             // whole transfer
  int connect_timeout_s = 10;
  int64_t max_body_bytes = 20000000;  // raw and decoded
  int retries = 4;                // further attempts after the first failure
  bool respect_robots = true;
  std::vector<std::string> resolve;    // "host:port:address", like curl --resolve
  bool allow_private = false;
  std::set<std::string> allowed_hosts; // lower-case host names; empty = any host
  int max_redirects = 5;
  // Internal tunables (not in the configuration file).
  int64_t timeout_ms = 0;              // > 0: overrides timeout_s (tests, sub-second)
  int64_t retry_base_ms = 1000;        // first retry waits 0.5-1x this, doubling
  int64_t retry_max_ms = 300000;
  int64_t max_retry_after_ms = 3600000;  // a longer Retry-After is capped
  int low_speed_limit = 100;           // bytes/s ...
  int low_speed_time_s = 30;           // ... for this long aborts the transfer
  int64_t robots_cache_ms = 86400000;  // 24 h
  int64_t robots_retry_ms = 600000;    // robots.txt unreachable: host disallowed this long
  int64_t max_crawl_delay_ms = 60000;
  int64_t max_penalty_ms = 3600000;
};

struct FetchResult {
  uint64_t tag = 0;
  std::string url;        // as requested, normalised
  std::string final_url;  // after redirects
  int http_status = 0;    // of the last response; 0 when none arrived
  bool ok = false;        // a 2xx body, or a 304 (then not_modified)
  bool not_modified = false;
  std::string content_type, charset, etag, last_modified;
  std::string body;       // decoded; also kept for failed HTTP answers (challenge pages)
  std::optional<FetchErrorKind> error_kind;  // empty when ok
  std::string error;      // curl's error text or "HTTP 404", with the URL
  // A failure a later attempt may cure: retries exhausted on timeouts,
  // connection errors, 429 or 5xx; robots.txt unreachable; cancelled.
  // False for 4xx, robots disallow, scope, limits and refused addresses.
  bool transient = false;
  int attempts = 0;       // transfers made for this request (retries and hops included)
  int64_t elapsed_ms = 0;
  std::vector<std::string> redirects;  // the URLs that redirected, in order
};

struct FetchStats {
  uint64_t transfers = 0;       // transfers started (robots included)
  uint64_t ok = 0;
  uint64_t not_modified = 0;
  uint64_t failed = 0;
  uint64_t retries = 0;
  uint64_t redirects = 0;
  uint64_t robots_fetches = 0;
  uint64_t robots_denied = 0;
  uint64_t body_bytes = 0;
};

class Fetcher {
 public:
  using DoneFn = std::function<void(FetchResult)>;

  // REQUIRES: `io` and `clock` outlive the Fetcher. Invalid options (a bad
  // resolve entry) are reported by status().
  Fetcher(boost::asio::io_context& io, FetcherOptions options, const Clock& clock);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Ok, or why the options were refused (then every Fetch fails).
  Status status() const;

  // Queues `request`; `done` runs exactly once, later, on the io thread.
  void Fetch(FetchRequest request, DoneFn done);

  // Stops starting transfers, aborts in-flight ones and completes every
  // unfinished request with error_kind kCancelled. Later Fetch calls are
  // cancelled too.
  void Shutdown();

  size_t in_flight() const;  // transfers running (robots included)
  size_t queued() const;     // requests not yet finished and not in flight
  FetchStats stats() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace nianbao::net
