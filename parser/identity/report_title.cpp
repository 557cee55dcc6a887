// Title classification works on a normalised copy (no spaces, ASCII digits,
// Chinese-numeral years as digits, no brackets or 图片版-style labels) because
// the same report is titled a dozen ways; the agency is then whatever names
// the publisher around the year: before it, between it and the keyword, or
// after the keyword when the title puts the agency last.
#include "parser/identity/report_title.h"

#include <algorithm>
#include <array>
#include <vector>

#include "common/text.h"

namespace nianbao::parser {
namespace {

// Longest first: the first keyword found decides where the agency ends.
constexpr std::array<std::string_view, 8> kReportKeywords = {
    "政府信息公开工作年度报告", "政府信息公开年度工作报告", "政府信息公开年度报告", "政府信息公开工作报告",
    "政府信息公开年报",         "信息公开工作年度报告",     "信息公开年度报告",     "政务公开工作年度报告",
};
// Only with a year: "南岗区王岗镇2021年度报告".
constexpr std::string_view kBareAnnualReport = "年度报告";

constexpr std::array<std::string_view, 12> kExcluded = {
    "工作要点", "要点", "指南", "通知", "实施方案", "目录", "报表", "解读", "图解", "格式", "工作计划", "征集",
};

constexpr std::array<std::string_view, 8> kVariantLabels = {
    "图片版", "超链版", "超链接版", "文字版", "PDF版", "pdf版", "图文版", "全文",
};
constexpr std::array<std::string_view, 18> kBrackets = {
    "【", "】", "[", "]", "（", "）", "(", ")", "《", "》", "〔", "〕", "「", "」", "“", "”", "\"", "'",
};
constexpr std::array<std::string_view, 7> kEdgePunctuation = {"-", "—", "_", ":", "：", "，", "、"};
constexpr std::array<std::string_view, 4> kLeadingWords = {"关于公布", "关于发布", "关于印发", "关于"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

// Full-width digits ０-９ (U+FF10..U+FF19: EF BC 90..99) to ASCII.
std::string AsciiDigits(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
        static_cast<unsigned char>(s[i + 2]) >= 0x90 && static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      out.push_back(static_cast<char>('0' + (static_cast<unsigned char>(s[i + 2]) - 0x90)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The digit a Chinese numeral at s[i] stands for, and its byte length.
int NumeralAt(std::string_view s, std::size_t i, std::size_t& len) {
  static constexpr std::array<std::pair<std::string_view, int>, 14> kNumerals = {{
      {"〇", 0},
      {"○", 0},
      {"零", 0},
      {"Ｏ", 0},
      {"一", 1},
      {"二", 2},
      {"三", 3},
      {"四", 4},
      {"五", 5},
      {"六", 6},
      {"七", 7},
      {"八", 8},
      {"九", 9},
      {"O", 0},
  }};
  for (auto& [text, digit] : kNumerals) {
    if (s.substr(i).starts_with(text)) {
      len = text.size();
      return digit;
    }
  }
  return -1;
}

// "二〇二一年" → "2021年": only runs of exactly four numerals before 年.
std::string ArabicYears(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::string digits;
    std::size_t j = i;
    std::size_t len = 0;
    while (digits.size() < 5 && j < s.size()) {
      int d = NumeralAt(s, j, len);
      if (d < 0) break;
      digits.push_back(static_cast<char>('0' + d));
      j += len;
    }
    bool year = digits.size() == 4 && (digits[0] == '1' || digits[0] == '2') && s.substr(j).starts_with("年");
    if (year) {
      out += digits;
      i = j;
    } else {
      std::size_t step = 1;
      while (i + step < s.size() && (static_cast<unsigned char>(s[i + step]) & 0xC0) == 0x80) ++step;
      out.append(s.substr(i, step));
      i += step;
    }
  }
  return out;
}

std::string Normalize(std::string_view title) {
  std::string s = ArabicYears(AsciiDigits(RemoveSpaces(title)));
  for (auto label : kVariantLabels) ReplaceAll(s, label, "");
  for (auto bracket : kBrackets) ReplaceAll(s, bracket, "");
  return s;
}

struct YearToken {
  std::size_t begin = 0;
  std::size_t end = 0;  // past 年/年度 when present
  int year = 0;
  bool has_nian = false;
};

std::vector<YearToken> FindYears(std::string_view s) {
  std::vector<YearToken> out;
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((i > 0 && IsDigit(s[i - 1])) || !IsDigit(s[i]) || !IsDigit(s[i + 1]) || !IsDigit(s[i + 2]) ||
        !IsDigit(s[i + 3]) || (i + 4 < s.size() && IsDigit(s[i + 4]))) {
      continue;
    }
    YearToken t{i, i + 4, 0, false};
    for (std::size_t k = i; k < i + 4; ++k) t.year = t.year * 10 + (s[k] - '0');
    if (t.year < 1990 || t.year > 2099) continue;
    std::string_view rest = s.substr(t.end);
    if (rest.starts_with("年度")) {
      t.end += std::string_view("年度").size();
      t.has_nian = true;
    } else if (rest.starts_with("年")) {
      t.end += std::string_view("年").size();
      t.has_nian = true;
    }
    out.push_back(t);
  }
  return out;
}

// The year token nearest before the keyword, else the first after it;
// tokens written with 年 win over bare numbers.
std::optional<YearToken> PickYear(const std::vector<YearToken>& years, std::size_t keyword_pos) {
  for (bool want_nian : {true, false}) {
    std::optional<YearToken> before, after;
    for (const YearToken& t : years) {
      if (t.has_nian != want_nian) continue;
      if (t.begin < keyword_pos) {
        before = t;
      } else if (!after) {
        after = t;
      }
    }
    if (before) return before;
    if (after) return after;
  }
  return std::nullopt;
}

std::string CleanAgency(std::string_view s) {
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (auto p : kEdgePunctuation) {
      if (s.starts_with(p)) s.remove_prefix(p.size()), changed = true;
      if (s.ends_with(p)) s.remove_suffix(p.size()), changed = true;
    }
    for (auto w : kLeadingWords) {
      if (s.starts_with(w)) {
        s.remove_prefix(w.size());
        changed = true;
        break;
      }
    }
    for (std::string_view w : {"的", "关于", "政府信息公开工作", "政府信息公开", "信息公开工作"}) {
      if (s.ends_with(w)) s.remove_suffix(w.size()), changed = true;
    }
  }
  return std::string(s);
}

// The publisher named around the year and the keyword: before the year,
// between year and keyword, or after the keyword ("…年度报告（南岗区王岗镇）").
std::string AgencyOf(std::string_view s, std::optional<YearToken> year, std::size_t kpos, std::size_t kend) {
  if (!year) return CleanAgency(s.substr(0, kpos));
  if (year->begin >= kpos) {  // "湖北省政府信息公开工作年度报告（2021年）"
    std::string before = CleanAgency(s.substr(0, kpos));
    if (!before.empty()) return before;
    std::string rest = std::string(s.substr(kend, year->begin - std::min(kend, year->begin)));
    return CleanAgency(rest + std::string(s.substr(year->end)));
  }
  std::string before = CleanAgency(s.substr(0, year->begin));
  if (!before.empty()) return before;
  if (year->end < kpos) {
    std::string middle = CleanAgency(s.substr(year->end, kpos - year->end));
    if (!middle.empty()) return middle;
  }
  std::size_t after = std::max(kend, year->end);
  return after < s.size() ? CleanAgency(s.substr(after)) : std::string();
}

// "哈尔滨市人民政府信息公开工作年度报告" shares one 政府 between the agency and
// the keyword; give it back to the agency.
std::string RestoreSharedGovernment(std::string agency) {
  if (std::string_view(agency).ends_with("人民")) agency += "政府";
  return agency;
}

}  // namespace

ReportTitle ClassifyTitle(std::string_view title) {
  ReportTitle out;
  std::string s = Normalize(title);
  for (auto word : kExcluded) {
    if (s.find(word) != std::string::npos) return out;
  }
  std::size_t kpos = std::string::npos;
  std::size_t klen = 0;
  for (auto keyword : kReportKeywords) {
    kpos = s.find(keyword);
    if (kpos != std::string::npos) {
      klen = keyword.size();
      break;
    }
  }
  std::vector<YearToken> years = FindYears(s);
  if (kpos == std::string::npos) {
    kpos = s.find(kBareAnnualReport);
    klen = kBareAnnualReport.size();
    if (kpos == std::string::npos || years.empty()) return out;
  }
  std::optional<YearToken> year = PickYear(years, kpos);
  out.is_annual_report = true;
  if (year) out.year = year->year;
  out.agency = RestoreSharedGovernment(AgencyOf(s, year, kpos, kpos + klen));
  return out;
}

}  // namespace nianbao::parser
