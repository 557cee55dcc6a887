// Titles are read on a normalised copy (NormalizeLabel: no spaces, ASCII
// digits and punctuation; numeral years as digits; no brackets, no 图片版-style
// labels, no leading date or 发布： prefix) because one report is titled a
// dozen ways. The agency is then whatever names the publisher around the
// year: before it, between it and the keyword, or after the keyword when the
// title puts the agency last.
#include "parser/identity/report_identity.h"

#include <algorithm>
#include <array>

#include "common/text.h"
#include "parser/labels.h"

namespace nianbao::parser {
namespace {

// Longest first: the first keyword found decides where the agency ends.
constexpr std::array<std::string_view, 8> kReportKeywords = {
    "政府信息公开工作年度报告", "政府信息公开年度工作报告", "政府信息公开年度报告", "政府信息公开工作报告",
    "政府信息公开年报",         "信息公开工作年度报告",     "信息公开年度报告",     "政务公开工作年度报告",
};
// Only with a year: "南岗区王岗镇2021年度报告", "…政府信息公开工作2022年度报告".
constexpr std::string_view kBareAnnualReport = "年度报告";

// Documents that share words with the report and are not it.
constexpr std::array<std::string_view, 15> kExcluded = {
    "工作要点", "要点", "指南", "通知",     "实施方案", "目录",     "报表", "解读",
    "图解",     "格式", "工作计划", "征集", "一图读懂", "政策问答", "问答",
};

constexpr std::string_view kImageLabel = "图片版";
constexpr std::array<std::string_view, 8> kVariantLabels = {
    kImageLabel, "超链版", "超链接版", "文字版", "PDF版", "pdf版", "图文版", "全文",
};
// After NormalizeLabel the full-width （）［］＂＇ are ASCII already.
constexpr std::array<std::string_view, 14> kBrackets = {
    "【", "】", "[", "]", "(", ")", "《", "》", "〔", "〕", "「", "」", "“", "”",
};
constexpr std::array<std::string_view, 9> kEdgePunctuation = {"-", "—", "_", ":", ",", "、", "|", "\"", "'"};
constexpr std::array<std::string_view, 4> kLeadingWords = {"关于公布", "关于发布", "关于印发", "关于"};
constexpr std::array<std::string_view, 6> kTrailingWords = {"的",           "关于",         "发布",
                                                            "政府信息公开工作", "政府信息公开", "信息公开工作"};
// What a list puts between a date and the title: "2022年1月发布：".
constexpr std::array<std::string_view, 4> kPublishedWords = {"发布日期", "发布时间", "发布于", "发布"};

// Longer lines are paragraphs, not a title written as the body's first line.
constexpr std::size_t kMaxTitleLineBytes = 150;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

bool RemovePrefix(std::string_view& s, std::string_view p) {
  if (!s.starts_with(p)) return false;
  s.remove_prefix(p.size());
  return true;
}

// The digit a Chinese numeral at s[i] stands for, and its byte length.
int NumeralAt(std::string_view s, std::size_t i, std::size_t& len) {
  static constexpr std::array<std::pair<std::string_view, int>, 13> kNumerals = {{
      {"〇", 0}, {"○", 0}, {"零", 0}, {"O", 0}, {"一", 1}, {"二", 2}, {"三", 3},
      {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9},
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
    if (digits.size() == 4 && (digits[0] == '1' || digits[0] == '2') && s.substr(j).starts_with("年")) {
      out += digits;
      i = j;
    } else {
      std::size_t step = 1;  // one whole UTF-8 sequence
      while (i + step < s.size() && (static_cast<unsigned char>(s[i + step]) & 0xC0) == 0x80) ++step;
      out.append(s.substr(i, step));
      i += step;
    }
  }
  return out;
}

// Reads 1–2 digits; advances s.
bool ReadSmallNumber(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && n < 2 && IsDigit(s[n])) ++n;
  if (n == 0 || (n < s.size() && IsDigit(s[n]))) return false;
  s.remove_prefix(n);
  return true;
}

// A date at the start of `s`: "2022-01-26", "2022/1/26", "2022.1.26",
// "2022年1月26日", or year and month alone ("2022年1月"). Returns the rest
// and whether a day was there; nullopt when `s` does not start with a date.
std::optional<std::pair<std::string_view, bool>> AfterLeadingDate(std::string_view s) {
  if (s.size() < 4 || !IsDigit(s[0]) || !IsDigit(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3])) return std::nullopt;
  s.remove_prefix(4);
  bool chinese = RemovePrefix(s, "年");
  if (!chinese && !RemovePrefix(s, "-") && !RemovePrefix(s, "/") && !RemovePrefix(s, ".")) return std::nullopt;
  if (!ReadSmallNumber(s)) return std::nullopt;
  if (chinese ? !RemovePrefix(s, "月") : !(RemovePrefix(s, "-") || RemovePrefix(s, "/") || RemovePrefix(s, "."))) {
    return chinese ? std::nullopt : std::optional(std::pair(s, false));
  }
  std::string_view rest = s;
  if (!ReadSmallNumber(rest)) return std::pair(s, false);
  if (chinese) RemovePrefix(rest, "日");
  return std::pair(rest, true);
}

// Digits, ASCII punctuation and 年月日时分 only: a date or time, never a name.
bool OnlyDateText(std::string_view s) {
  while (!s.empty()) {
    if (static_cast<unsigned char>(s[0]) < 0x80) {
      s.remove_prefix(1);
      continue;
    }
    if (!(RemovePrefix(s, "年") || RemovePrefix(s, "月") || RemovePrefix(s, "日") || RemovePrefix(s, "时") ||
          RemovePrefix(s, "分"))) {
      return false;
    }
  }
  return true;
}

// Drops what a list writes before the title: a date ("2022-01-26", "2022年1月
// 发布："), a "发布：" label. A month without a day is only taken for a
// date when 发布 follows, so "2021年12月…" stays a title.
std::string_view StripPublishedPrefix(std::string_view s) {
  if (auto dated = AfterLeadingDate(s)) {
    std::string_view rest = dated->first;
    bool published = false;
    for (auto w : kPublishedWords) {
      if (RemovePrefix(rest, w)) {
        published = true;
        break;
      }
    }
    if (dated->second || published) {
      s = rest;
      while (RemovePrefix(s, ":") || RemovePrefix(s, "|") || RemovePrefix(s, "-")) {
      }
    }
  }
  // "发布：" after a time or other date form; a name before it
  // ("南岗区王岗镇发布：…") is the agency and stays.
  std::size_t at = s.find("发布:");
  if (at != std::string_view::npos && OnlyDateText(s.substr(0, at))) s.remove_prefix(at + std::string_view("发布:").size());
  return s;
}

struct Normalized {
  std::string text;
  bool image_edition = false;
};

Normalized Normalize(std::string_view title) {
  Normalized n;
  std::string s = ArabicYears(NormalizeLabel(title));
  n.image_edition = s.find(kImageLabel) != std::string::npos;
  for (auto label : kVariantLabels) ReplaceAll(s, label, "");
  for (auto bracket : kBrackets) ReplaceAll(s, bracket, "");
  // "关于2020年政府信息公开工作的年度报告" is the keyword with a 的 in it.
  ReplaceAll(s, "工作的年度报告", "工作年度报告");
  n.text = std::string(StripPublishedPrefix(s));
  return n;
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
    for (std::string_view nian : {"年度", "年"}) {
      if (rest.starts_with(nian)) {
        t.end += nian.size();
        t.has_nian = true;
        break;
      }
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
      if (RemovePrefix(s, p)) changed = true;
      if (s.ends_with(p)) s.remove_suffix(p.size()), changed = true;
    }
    for (auto w : kLeadingWords) {
      if (RemovePrefix(s, w)) {
        changed = true;
        break;
      }
    }
    for (auto w : kTrailingWords) {
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

// Where the report keyword sits in `s`: [pos, end), or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> FindKeyword(std::string_view s, bool has_year) {
  for (auto keyword : kReportKeywords) {
    std::size_t at = s.find(keyword);
    if (at != std::string_view::npos) return std::pair(at, at + keyword.size());
  }
  std::size_t at = s.find(kBareAnnualReport);
  if (at == std::string_view::npos || !has_year) return std::nullopt;
  return std::pair(at, at + kBareAnnualReport.size());
}

// Names of a contact office end in 办公室; the agency is what precedes it when
// that reads as an agency.
std::string TrimOffice(std::string name) {
  for (std::string_view suffix : {"综合办公室", "办公室"}) {
    if (!std::string_view(name).ends_with(suffix)) continue;
    std::string rest = name.substr(0, name.size() - suffix.size());
    for (std::string_view end : {"局", "委", "院", "镇", "乡", "办事处", "政府", "中心", "厅", "部", "所", "会", "街道"}) {
      if (std::string_view(rest).ends_with(end)) return rest;
    }
  }
  return name;
}

// "如有疑问可联系南岗区企业和投资服务局办公室" → "南岗区企业和投资服务局".
std::string AgencyFromContact(const std::vector<TextBlock>& blocks) {
  constexpr std::size_t kMaxBlocks = 6;
  for (std::size_t b = 0; b < blocks.size() && b < kMaxBlocks; ++b) {
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

// A year in a body line: the first "YYYY年", or the whole line when it is
// only a year (seed 003's heading is "2021"). Bare numbers elsewhere in a
// paragraph are document numbers (〔2021〕30号), not the reporting year.
std::optional<int> YearInLine(std::string_view line) {
  std::string s = NormalizeLabel(line);
  std::vector<YearToken> years = FindYears(s);
  for (const YearToken& t : years) {
    if (t.has_nian) return t.year;
  }
  if (years.size() == 1 && years[0].begin == 0 && years[0].end == s.size()) return years[0].year;
  return std::nullopt;
}

// ContentSource values that name the site, not a publisher.
bool IsGenericSource(std::string_view source) {
  for (std::string_view w : {"本网", "本站", "原创", "网站"}) {
    if (source.find(w) != std::string_view::npos) return true;
  }
  return source.size() < 6;  // fewer than two characters
}

}  // namespace

ReportIdentity IdentityFromTitle(std::string_view title) {
  ReportIdentity out;
  Normalized n = Normalize(title);
  std::string_view s = n.text;
  std::vector<YearToken> years = FindYears(s);
  auto keyword = FindKeyword(s, !years.empty());
  if (!keyword) {
    // Not the report; the year and the text before it are all a title without
    // the keyword says ("2021", "南岗区2021年政务动态").
    std::optional<YearToken> year;
    for (const YearToken& t : years) {
      if (t.has_nian) {
        year = t;
        break;
      }
    }
    if (!year && !years.empty()) year = years.front();
    if (year) {
      out.year = year->year;
      out.agency = CleanAgency(s.substr(0, year->begin));
    }
    return out;
  }
  bool excluded = std::any_of(kExcluded.begin(), kExcluded.end(),
                              [&](std::string_view w) { return s.find(w) != std::string_view::npos; });
  out.kind = excluded ? ReportKind::kNotReport : n.image_edition ? ReportKind::kImageEdition : ReportKind::kReport;
  std::optional<YearToken> year = PickYear(years, keyword->first);
  if (year) out.year = year->year;
  out.agency = RestoreSharedGovernment(AgencyOf(s, year, keyword->first, keyword->second));
  return out;
}

ReportIdentity IdentityFromBody(const std::vector<TextBlock>& blocks) {
  constexpr std::size_t kFirstLines = 3;
  ReportIdentity out;
  for (std::size_t i = 0; i < blocks.size() && i < kFirstLines; ++i) {
    if (blocks[i].text.size() > kMaxTitleLineBytes) continue;
    ReportIdentity line = IdentityFromTitle(blocks[i].text);
    // A title set over two lines: "四方台区人民政府办公室" / "2021 年政府信息公开工作年度报告".
    if (line.is_report() && line.agency.empty() && i > 0 && blocks[i - 1].text.size() <= kMaxTitleLineBytes) {
      ReportIdentity joined = IdentityFromTitle(blocks[i - 1].text + blocks[i].text);
      if (joined.is_report() && !joined.agency.empty()) line = std::move(joined);
    }
    if (line.is_report() && (line.year || !line.agency.empty())) {
      out = std::move(line);
      break;
    }
  }
  for (std::size_t i = 0; !out.year && i < blocks.size() && i < kFirstLines; ++i) out.year = YearInLine(blocks[i].text);
  if (out.agency.empty()) out.agency = AgencyFromContact(blocks);
  return out;
}

ReportIdentity IdentityOfPage(const PageIdentityText& page) {
  static const std::vector<TextBlock> kNoBlocks;
  const std::vector<TextBlock>& blocks = page.blocks != nullptr ? *page.blocks : kNoBlocks;
  ReportIdentity id = IdentityFromTitle(page.title);
  if (!id.agency.empty() && id.year) return id;
  ReportIdentity body = IdentityFromBody(blocks);
  if (TrimSpace(page.title).empty()) id.kind = body.kind;
  if (!id.year) id.year = body.year;
  if (id.agency.empty()) {
    std::string source = RemoveSpaces(page.content_source);
    // The body's title line outranks the meta; the contact sentence does not.
    bool body_title = body.is_report() && !body.agency.empty();
    if (body_title || source.empty() || IsGenericSource(source)) {
      id.agency = body.agency;
    } else {
      id.agency = std::move(source);
    }
  }
  return id;
}

}  // namespace nianbao::parser
