// RFC 9309 parsing. Groups are kept only as far as needed to pick ours: rule
// lines are attributed to the user-agent lines directly above them, and we
// merge every group naming our token (RFC 9309 §2.2.1) or, failing that,
// every "*" group. Unknown keys (Sitemap, Host, Clean-param) are skipped.
#include "net/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace nianbao::net {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

struct Line {
  std::string key;  // lower-case
  std::string_view value;
};

// Splits "Key: value # comment" ; returns false for blank or malformed lines.
bool SplitLine(std::string_view raw, Line* out) {
  size_t hash = raw.find('#');
  if (hash != std::string_view::npos) raw = raw.substr(0, hash);
  size_t colon = raw.find(':');
  if (colon == std::string_view::npos) return false;
  out->key = Lower(Trim(raw.substr(0, colon)));
  out->value = Trim(raw.substr(colon + 1));
  return !out->key.empty();
}

// Which groups the lines so far belong to.
struct GroupState {
  bool in_agent_lines = false;  // the previous meaningful line was a user-agent line
  bool ours = false;            // the current group names our token
  bool star = false;            // the current group names "*"
};

}  // namespace

std::string ProductToken(std::string_view user_agent) {
  user_agent = Trim(user_agent);
  std::string out;
  for (char c : user_agent) {
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      break;
    }
  }
  return out;
}

std::string NormalizeRobotsPath(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c == '%' && i + 2 < path.size() && IsHex(path[i + 1]) && IsHex(path[i + 2])) {
      out.push_back('%');
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 1]))));
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 2]))));
      i += 2;
    } else if (c >= 0x80 || c == ' ') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Greedy glob matching with one backtrack point; an unanchored pattern
  // behaves as if it ended in "*" (a prefix match).
  size_t p = 0, s = 0, mark = 0;
  size_t star = std::string_view::npos;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view user_agent) {
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  const std::string token = ProductToken(user_agent);

  RobotsRules ours, star;
  bool have_ours = false;
  GroupState g;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view raw = body.substr(pos, end - pos);
    pos = end + 1;
    Line line;
    if (!SplitLine(raw, &line)) continue;
    if (line.key == "user-agent") {
      if (!g.in_agent_lines) g = GroupState{};
      g.in_agent_lines = true;
      std::string agent = ProductToken(line.value);
      if (Trim(line.value) == "*") {
        g.star = true;
      } else if (!agent.empty() && agent == token) {
        g.ours = true;
        have_ours = true;
      }
      continue;
    }
    g.in_agent_lines = false;
    if (line.key == "allow" || line.key == "disallow") {
      if (line.value.empty()) continue;  // "Disallow:" with no path allows all
      Rule rule{line.key == "allow", NormalizeRobotsPath(line.value)};
      if (g.ours) ours.rules_.push_back(rule);
      if (g.star) star.rules_.push_back(rule);
    } else if (line.key == "crawl-delay") {
      double seconds = std::strtod(std::string(line.value).c_str(), nullptr);
      if (!(seconds > 0)) continue;
      int64_t ms = static_cast<int64_t>(std::min(seconds, 86400.0) * 1000);
      if (g.ours) ours.crawl_delay_ms_ = std::max(ours.crawl_delay_ms_, ms);
      if (g.star) star.crawl_delay_ms_ = std::max(star.crawl_delay_ms_, ms);
    }
  }
  return have_ours ? ours : star;
}

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.rules_.push_back(Rule{false, "/"});
  return r;
}

bool RobotsRules::IsAllowed(std::string_view path_and_query) const {
  std::string path = NormalizeRobotsPath(path_and_query);
  if (path == "/robots.txt") return true;  // RFC 9309 §2.2.2: always allowed
  size_t best_len = 0;
  bool best_allow = true;
  bool matched = false;
  for (const Rule& rule : rules_) {
    if (!RobotsPatternMatches(rule.pattern, path)) continue;
    size_t len = rule.pattern.size();
    if (!matched || len > best_len || (len == best_len && rule.allow && !best_allow)) {
      best_len = len;
      best_allow = rule.allow;
      matched = true;
    }
  }
  return !matched || best_allow;
}

RobotsVerdict RobotsVerdictForStatus(int http_status) {
  if (http_status >= 200 && http_status < 300) return RobotsVerdict::kParse;
  if (http_status == 429) return RobotsVerdict::kUnreachable;
  if (http_status >= 400 && http_status < 500) return RobotsVerdict::kAllowAll;
  return RobotsVerdict::kUnreachable;
}

}  // namespace nianbao::net
