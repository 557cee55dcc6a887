// Hand-written scanners instead of std::regex: pages can be megabytes and
// std::regex recurses per character, so a hostile page could exhaust the stack.
#include "common/text.h"

#include <cstdio>

namespace nianbao {
namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";
constexpr std::string_view kNoBreakSpace = "\u00a0";

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of the space (ASCII, U+3000, U+00A0) starting at s[i], or 0.
std::size_t SpaceLength(std::string_view s, std::size_t i) {
  if (IsAsciiSpace(s[i])) return 1;
  if (s.substr(i).starts_with(kIdeographicSpace)) return kIdeographicSpace.size();
  if (s.substr(i).starts_with(kNoBreakSpace)) return kNoBreakSpace.size();
  return 0;
}

// Reads 1-2 digits at s[i]; advances i. A third digit makes it no number.
std::optional<int> ReadSmallNumber(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  int v = 0;
  while (i < s.size() && IsDigit(s[i]) && i - start < 2) v = v * 10 + (s[i++] - '0');
  if (i == start || (i < s.size() && IsDigit(s[i]))) return std::nullopt;
  return v;
}

void SkipBlanks(std::string_view s, std::size_t& i) {
  while (i < s.size() && s[i] == ' ') ++i;
}

// Consumes one date separator at s[i], with ASCII spaces either side (the
// parser's rule: "2021 年 3 月 5 日" is how some editors space dates): '-',
// '/', '.', or `word` (年 after the year, 月 after the month).
bool ReadSeparator(std::string_view s, std::size_t& i, std::string_view word) {
  std::size_t j = i;
  SkipBlanks(s, j);
  if (j < s.size() && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
    ++j;
  } else if (s.substr(j).starts_with(word)) {
    j += word.size();
  } else {
    return false;
  }
  SkipBlanks(s, j);
  i = j;
  return true;
}

// The date whose four-digit year starts at s[i]. Years 1990-2100 (the
// parser's bound; the crawler's was 2099), months 1-12, days 1-31; a fifth
// year digit or a third month or day digit makes it no date.
// REQUIRES: i + 4 <= s.size() and s[i..i+4) are digits.
std::optional<std::string> DateAt(std::string_view s, std::size_t i) {
  int year = 0;
  for (int k = 0; k < 4; ++k) year = year * 10 + (s[i + k] - '0');
  if (year < 1990 || year > 2100) return std::nullopt;
  i += 4;
  if (!ReadSeparator(s, i, "年")) return std::nullopt;
  auto month = ReadSmallNumber(s, i);
  if (!month || *month < 1 || *month > 12 || !ReadSeparator(s, i, "月")) return std::nullopt;
  auto day = ReadSmallNumber(s, i);
  if (!day || *day < 1 || *day > 31) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, *month, *day);
  return std::string(buf);
}

}  // namespace

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty()) {
    std::size_t n = SpaceLength(s, 0);
    if (n == 0) break;
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    if (IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else if (s.ends_with(kNoBreakSpace)) {
      s.remove_suffix(kNoBreakSpace.size());
    } else {
      break;
    }
  }
  return s;
}

std::string RemoveSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = SpaceLength(s, i);
    if (n > 0) {
      i += n;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::optional<std::string> FindDate(std::string_view text) {
  for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
    if (i > 0 && IsDigit(text[i - 1])) continue;
    if (!(IsDigit(text[i]) && IsDigit(text[i + 1]) && IsDigit(text[i + 2]) && IsDigit(text[i + 3]))) continue;
    if (auto d = DateAt(text, i)) return d;
  }
  return std::nullopt;
}

}  // namespace nianbao
