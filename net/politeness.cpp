// The penalty is separate from the configured delay so that decay can never
// take a host below what the operator (or robots.txt) asked for; a non-2xx
// answer never shortens the gap because only OnSuccess decays it.
#include "net/politeness.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace nianbao::net {

void HostPoliteness::SetCrawlDelay(int64_t crawl_delay_ms) {
  crawl_delay_ms_ = std::clamp<int64_t>(crawl_delay_ms, 0, limits_.max_crawl_delay_ms);
}

int64_t HostPoliteness::delay_ms() const {
  return std::max({limits_.delay_ms, crawl_delay_ms_, penalty_ms_});
}

UnixMillis HostPoliteness::NextStart() const {
  UnixMillis gap_end = started_ ? last_start_ + delay_ms() : 0;
  return std::max(gap_end, not_before_);
}

bool HostPoliteness::CanStart(UnixMillis now) const {
  return in_flight_ < std::max(1, limits_.per_host_connections) && now >= NextStart();
}

void HostPoliteness::OnStart(UnixMillis now) {
  last_start_ = now;
  started_ = true;
  ++in_flight_;
}

void HostPoliteness::OnSent(UnixMillis now) { last_start_ = std::max(last_start_, now); }

void HostPoliteness::OnFinish() {
  if (in_flight_ > 0) --in_flight_;
}

void HostPoliteness::OnThrottled() {
  int64_t grown = std::max<int64_t>(kMinPenaltyMs, 2 * delay_ms());
  penalty_ms_ = std::min(grown, limits_.max_penalty_ms);
}

void HostPoliteness::OnSuccess() {
  penalty_ms_ /= 2;
  if (penalty_ms_ < kMinPenaltyMs) penalty_ms_ = 0;
}

void HostPoliteness::DeferUntil(UnixMillis t) { not_before_ = std::max(not_before_, t); }

std::optional<int64_t> ParseRetryAfter(std::string_view value, UnixMillis now, int64_t cap_ms) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' ||
                            value.back() == '\n')) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  bool digits = std::all_of(value.begin(), value.end(),
                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  if (digits) {
    if (value.size() > 9) return cap_ms;  // absurdly large: the cap
    int64_t seconds = std::stoll(std::string(value));
    return std::min(seconds * 1000, cap_ms);
  }
  // curl_getdate understands the three HTTP-date forms of RFC 9110 §5.6.7.
  time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  int64_t delta = static_cast<int64_t>(when) * 1000 - now;
  return std::clamp<int64_t>(delta, 0, cap_ms);
}

int64_t RetryBackoffMs(int retry, int64_t base_ms, int64_t cap_ms, double jitter) {
  if (retry < 1) retry = 1;
  int64_t d = base_ms;
  for (int i = 1; i < retry && d < cap_ms; ++i) d *= 2;
  d = std::min(d, cap_ms);
  jitter = std::clamp(jitter, 0.0, 1.0);
  return d / 2 + static_cast<int64_t>(jitter * static_cast<double>(d / 2));
}

}  // namespace nianbao::net
