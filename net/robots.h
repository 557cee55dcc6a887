// robots.txt per RFC 9309: parsing a file into the rule group that applies to
// our user agent, and matching a request path against it.
//
// RobotsRules is an immutable value once parsed: the Allow/Disallow rules of
// the groups naming our product token (all of them, merged), or else of the
// "*" groups, plus that group's Crawl-delay. Matching takes the longest
// matching pattern (in octets); on a tie Allow wins; no match means allowed.
// Patterns support "*" (any run of characters) and a trailing "$" (end of
// path). Percent-escapes are compared case-insensitively, and raw non-ASCII
// bytes in patterns are percent-encoded so UTF-8 paths in a file match the
// encoded request path.
//
// What the fetch outcome means is decided by RobotsVerdictForStatus: 2xx →
// parse the body, 4xx (except 429) → everything allowed, 5xx/429/unreachable →
// the host is disallowed until a retry. Thread-safe (no mutable state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao::net {

// RFC 9309 asks crawlers to parse at least 500 KiB; the rest is ignored.
inline constexpr size_t kMaxRobotsBytes = 512 * 1024;

class RobotsRules {
 public:
  struct Rule {
    bool allow = false;
    std::string pattern;  // normalised: non-ASCII escaped, escapes upper-case
  };

  // Everything allowed, no crawl delay.
  RobotsRules() = default;

  // The rules of `body` for the user agent `user_agent` (a full UA string
  // such as "nianbao/1.0 (+mailto:ops@example.org)"; its product token
  // "nianbao" is what groups are matched against, case-insensitively).
  static RobotsRules Parse(std::string_view body, std::string_view user_agent);

  // A file that disallows everything (used while robots.txt is unreachable).
  static RobotsRules DisallowAll();

  // Whether `path_and_query` ("/a/b?x=1") may be fetched.
  bool IsAllowed(std::string_view path_and_query) const;

  // Crawl-delay of the chosen group in milliseconds, 0 if none was given.
  int64_t crawl_delay_ms() const { return crawl_delay_ms_; }
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  std::vector<Rule> rules_;
  int64_t crawl_delay_ms_ = 0;
};

// The product token of a User-Agent string: the leading run of letters,
// '-' and '_' ("nianbao/1.0 (+...)" → "nianbao"), lower-cased.
std::string ProductToken(std::string_view user_agent);

// True when `pattern` (a robots path pattern, already normalised) matches
// `path` (also normalised).
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

// Normalises a path or pattern for comparison: raw bytes >= 0x80 and spaces
// become %XX, existing %xx escapes get upper-case hex digits.
std::string NormalizeRobotsPath(std::string_view path);

// What a robots.txt fetch outcome means for the host.
enum class RobotsVerdict {
  kParse,       // 2xx: parse the body
  kAllowAll,    // 4xx other than 429: no usable file, everything allowed
  kUnreachable  // 5xx, 429, or no HTTP answer: treat the host as disallowed
};
// `http_status` is 0 when the transfer failed before a response.
RobotsVerdict RobotsVerdictForStatus(int http_status);

}  // namespace nianbao::net
