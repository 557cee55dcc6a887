#include "parser/identity/report_meta.h"

#include <cctype>

#include "parser/labels.h"

namespace nianbao::parser {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Position of the first 4-digit year 2000–2099 standing alone or before "年".
std::size_t FindYear(const std::string& s, int* year) {
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((i > 0 && IsDigit(s[i - 1])) || s[i] != '2' || s[i + 1] != '0' || !IsDigit(s[i + 2]) || !IsDigit(s[i + 3])) continue;
    std::size_t after = i + 4;
    if (after < s.size() && IsDigit(s[after])) continue;
    std::string_view rest = std::string_view(s).substr(after);
    if (rest.empty() || rest.substr(0, 3) == "年") {
      *year = std::stoi(s.substr(i, 4));
      return i;
    }
  }
  return std::string::npos;
}

// Names of a contact office end in 办公室; the agency is what precedes it when
// that reads as an agency.
std::string TrimOffice(std::string name) {
  for (std::string_view suffix : {"综合办公室", "办公室"}) {
    if (!EndsWith(name, suffix)) continue;
    std::string rest = name.substr(0, name.size() - suffix.size());
    for (std::string_view end : {"局", "委", "院", "镇", "乡", "办事处", "政府", "中心", "厅", "部", "所", "会", "街道"}) {
      if (EndsWith(rest, end)) return rest;
    }
  }
  return name;
}

}  // namespace

std::optional<int> YearFromText(std::string_view text) {
  std::string s = NormalizeLabel(text);
  int year = 0;
  if (FindYear(s, &year) == std::string::npos) return std::nullopt;
  return year;
}

std::string AgencyFromTitle(std::string_view title) {
  std::string s = NormalizeLabel(title);
  int year = 0;
  std::size_t at = FindYear(s, &year);
  if (at == std::string::npos || at == 0) return {};
  std::string agency = s.substr(0, at);
  // Strip a leading "关于" and trailing punctuation some titles carry.
  if (agency.rfind("关于", 0) == 0) agency = agency.substr(6);
  while (!agency.empty() && (agency.back() == ':' || agency.back() == '-')) agency.pop_back();
  return agency;
}

std::string AgencyFromBody(const std::vector<TextBlock>& blocks, std::size_t max_blocks) {
  for (std::size_t b = 0; b < blocks.size() && b < max_blocks; ++b) {
    std::string s = NormalizeLabel(blocks[b].text);
    for (std::string_view lead : {"如有疑问可联系", "如有疑问请联系", "如有疑问,请与", "如有疑问请与", "如有疑问,请联系"}) {
      std::size_t p = s.find(lead);
      if (p == std::string::npos) continue;
      std::size_t start = p + lead.size();
      std::size_t end = s.size();
      for (std::string_view stop : {",", "联系", "。", ";", "(", "电话", "地址"}) {
        std::size_t q = s.find(stop, start);
        if (q != std::string::npos && q < end) end = q;
      }
      std::string name = TrimOffice(s.substr(start, end - start));
      if (!name.empty() && name.size() <= 90) return name;
    }
  }
  return {};
}

}  // namespace nianbao::parser
