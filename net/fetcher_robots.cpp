// The robots.txt cache: one entry per origin, fetched before the first
// request to it and refetched when stale. An unreachable robots.txt (5xx,
// 429, no answer) disallows the origin until robots_retry_ms has passed, as
// RFC 9309 §2.3.1.4 asks; a 4xx means there is no file and all is allowed.
#include "net/fetcher_impl.h"

namespace nianbao::net {

Fetcher::Impl::RobotsGate Fetcher::Impl::CheckRobots(const std::string& host_name, Host& host,
                                                     const Job& job, UnixMillis now) {
  Result<std::string> origin = OriginOf(job.request.url);
  Result<std::string> path = PathAndQueryOf(job.request.url);
  if (!origin.ok() || !path.ok()) {
    host.queue.pop_front();
    Fail(job.id, kErrScope, "bad URL " + job.request.url);
    return RobotsGate::kFailed;
  }
  RobotsEntry& robots = robots_[*origin];
  using S = RobotsEntry::State;
  bool stale = (robots.state == S::kReady && now >= robots.expires) ||
               (robots.state == S::kUnreachable && now >= robots.retry_at);
  if (robots.state == S::kUnknown || stale) {
    if (MayStart(host_name, host, now)) {
      robots.state = S::kFetching;
      StartRobotsTransfer(*origin, *origin + "/robots.txt", 0);
    }
    return RobotsGate::kWait;
  }
  if (robots.state == S::kFetching) return RobotsGate::kWait;  // its completion pumps this host
  if (robots.state == S::kUnreachable) {
    host.queue.pop_front();
    Fail(job.id, robots.error_kind, robots.error, /*transient=*/true);
    return RobotsGate::kFailed;
  }
  if (!robots.rules.IsAllowed(*path)) {
    host.queue.pop_front();
    ++stats_.robots_denied;
    Fail(job.id, kErrRobots, "disallowed by robots.txt: " + job.request.url);
    return RobotsGate::kFailed;
  }
  return RobotsGate::kAllowed;
}

void Fetcher::Impl::StartRobotsTransfer(const std::string& origin, const std::string& url, int hops) {
  auto t = std::make_unique<Transfer>();
  t->robots = true;
  t->robots_hops = hops;
  t->url = url;
  t->origin = origin;
  Result<std::string> host = HostOf(url);
  t->host = host.ok() ? *host : std::string();
  t->max_body = static_cast<int64_t>(kMaxRobotsBytes);
  ++stats_.robots_fetches;
  FetchRequest spec;
  spec.url = url;
  if (Status launched = Launch(std::move(t), spec); !launched.ok()) {
    RobotsEntry& r = robots_[origin];
    r.state = RobotsEntry::State::kUnreachable;
    r.retry_at = clock_.Now() + options_.robots_retry_ms;
    r.error_kind = kErrRobots;
    r.error = "cannot start robots.txt transfer for " + origin + ": " + launched.message();
  }
}

void Fetcher::Impl::OnRobotsDone(Transfer& t, int status, CURLcode code) {
  RobotsEntry& r = robots_[t.origin];
  UnixMillis now = clock_.Now();
  using S = RobotsEntry::State;
  // A robots.txt over the size cap is parsed as far as it was read.
  bool complete = code == CURLE_OK || (t.body_limit_hit && status >= 200 && status < 300);
  if (complete && IsRedirect(status) && !t.location.empty()) {
    Result<std::string> next = ResolveUrl(t.url, t.location);
    Result<std::string> next_host = next.ok() ? HostOf(*next) : Result<std::string>(next.status());
    if (next_host.ok() && InScope(*next_host) && t.robots_hops < kMaxRobotsRedirects) {
      StartRobotsTransfer(t.origin, *next, t.robots_hops + 1);
      return;
    }
    status = 404;  // redirected out of scope or too often: treat as "no file"
  }
  RobotsVerdict verdict = complete ? RobotsVerdictForStatus(status) : RobotsVerdict::kUnreachable;
  if (verdict == RobotsVerdict::kUnreachable) {
    r.state = S::kUnreachable;
    r.retry_at = now + options_.robots_retry_ms;
    // Name the underlying cause (DNS, connect, timeout…) so operators see why
    // the host is unreachable; only an HTTP answer stays a robots failure.
    r.error_kind = !t.gate.refused_address.empty() ? kErrBlocked
                   : code != CURLE_OK             ? ClassifyCurlError(code).kind
                                                  : kErrRobots;
    r.error = "robots.txt unreachable for " + t.origin + " (" +
              (code != CURLE_OK ? std::string(curl_easy_strerror(code))
                                : "HTTP " + std::to_string(status)) +
              (t.gate.refused_address.empty() ? "" : ", address " + t.gate.refused_address + " refused") +
              "); host treated as disallowed";
    return;
  }
  r.state = S::kReady;
  r.expires = now + options_.robots_cache_ms;
  r.rules = verdict == RobotsVerdict::kParse ? RobotsRules::Parse(t.body, options_.user_agent) : RobotsRules();
  Result<std::string> host = HostOf(t.origin + "/");
  if (host.ok()) HostFor(*host).polite.SetCrawlDelay(r.rules.crawl_delay_ms());
}

}  // namespace nianbao::net
