// Hand-written scanners instead of std::regex: list pages can be megabytes and
// std::regex recurses per character, so a hostile page could exhaust the stack.
#include "crawler/walkers/scan_util.h"

#include <cctype>
#include <cstdio>

namespace nianbao::crawler {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> SplitQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(std::string(part), std::string());
    } else {
      out.emplace_back(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
    }
  }
  return out;
}

std::string_view QueryOf(std::string_view url) {
  std::size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = url.substr(q + 1);
  return rest.substr(0, rest.find('#'));
}

std::string_view WithoutQuery(std::string_view url) { return url.substr(0, url.find_first_of("?#")); }

std::optional<std::string> QueryValue(std::string_view query, std::string_view key) {
  for (auto& [k, v] : SplitQuery(query)) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::string SetQueryValue(std::string_view query, std::string_view key, std::string_view value) {
  std::string out;
  bool replaced = false;
  for (auto& [k, v] : SplitQuery(query)) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    if (k == key && !replaced) {
      out += value;
      replaced = true;
    } else {
      out += v;
    }
  }
  if (!replaced) {
    if (!out.empty()) out.push_back('&');
    out += std::string(key) + "=" + std::string(value);
  }
  return out;
}

std::string SchemeHostOf(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  return std::string(url.substr(0, url.find_first_of("/?#", scheme + 3)));
}

std::string HanwebColumnId(std::string_view url) {
  constexpr std::string_view kMark = "/col/col";
  std::size_t at = url.find(kMark);
  if (at == std::string_view::npos) return {};
  std::size_t b = at + kMark.size();
  std::size_t e = b;
  while (e < url.size() && IsDigit(url[e])) ++e;
  return std::string(url.substr(b, e - b));
}

std::optional<long long> ParseLeadingInt(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (IsAsciiSpace(s[i]) || s[i] == '\'' || s[i] == '"')) ++i;
  if (i >= s.size() || !IsDigit(s[i])) return std::nullopt;
  long long v = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i) {
    if (v > 1'000'000'000'000LL) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::string_view BalancedObject(std::string_view s, std::size_t from) {
  std::size_t open = s.find('{', from);
  if (open == std::string_view::npos) return {};
  int depth = 0;
  char quote = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return s.substr(open, i - open + 1);
    }
  }
  return {};
}

namespace {

// Reads a quoted string at s[i] (s[i] is the quote); advances past it.
std::string ReadQuoted(std::string_view s, std::size_t& i) {
  char quote = s[i++];
  std::string out;
  for (; i < s.size() && s[i] != quote; ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
  ++i;
  return out;
}

// Reads a bare value up to the next top-level ',' or the closing '}'.
std::string ReadBare(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  int depth = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '{' || c == '[' || c == '(') ++depth;
    if (c == '}' || c == ']' || c == ')') {
      if (depth == 0) break;
      --depth;
    }
    if (c == ',' && depth == 0) break;
  }
  return std::string(TrimSpace(s.substr(start, i - start)));
}

}  // namespace

std::vector<std::pair<std::string, std::string>> JsObjectFields(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = text.find('{');
  if (i == std::string_view::npos) return out;
  ++i;
  while (i < text.size()) {
    while (i < text.size() && (IsAsciiSpace(text[i]) || text[i] == ',')) ++i;
    if (i >= text.size() || text[i] == '}') break;
    std::string key;
    if (text[i] == '\'' || text[i] == '"') {
      key = ReadQuoted(text, i);
    } else {
      std::size_t start = i;
      while (i < text.size() && text[i] != ':' && text[i] != ',' && text[i] != '}') ++i;
      key = std::string(TrimSpace(text.substr(start, i - start)));
    }
    while (i < text.size() && IsAsciiSpace(text[i])) ++i;
    if (i >= text.size() || text[i] != ':') break;
    ++i;
    while (i < text.size() && IsAsciiSpace(text[i])) ++i;
    if (i >= text.size()) break;
    std::string value = (text[i] == '\'' || text[i] == '"') ? ReadQuoted(text, i) : ReadBare(text, i);
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

}  // namespace nianbao::crawler
