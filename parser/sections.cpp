#include "parser/sections.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "parser/text_builder.h"

namespace nianbao::parser {
namespace {

// Beyond this a "heading" is a paragraph that happens to start with 一、.
constexpr std::size_t kMaxHeadingChars = 40;
constexpr std::size_t kMaxUnnumberedChars = 20;
// Bounds the O(n²) choice of headings on a hostile text.
constexpr std::size_t kMaxCandidates = 512;

// Words of the standard headings (国办公开办函〔2019〕60号, 〔2021〕30号), by number.
struct Keywords {
  int number;
  std::array<std::string_view, 4> words;
};
constexpr std::array<Keywords, 6> kKeywords{{
    {1, {"总体情况", "", "", ""}},
    {2, {"主动公开政府信息", "主动公开情况", "", ""}},
    {3, {"收到和处理", "依申请公开", "", ""}},
    {4, {"行政复议", "行政诉讼", "", ""}},
    {5, {"存在的主要问题", "主要问题", "改进情况", "改进措施"}},
    {6, {"其他需要报告", "", "", ""}},
}};

// The standard section a heading's words name, or 0.
int KeywordNumber(std::string_view heading) {
  for (const Keywords& k : kKeywords) {
    for (std::string_view w : k.words) {
      if (!w.empty() && heading.find(w) != std::string_view::npos) return k.number;
    }
  }
  return 0;
}

struct Candidate {
  std::size_t block = 0;
  int number = 0;      // as printed; 0 when unnumbered
  int order = 0;       // position in the standard sequence
  int score = 0;
  std::string heading;
  std::string rest;    // text after the heading in the same block ("：无")
};

bool IsSpaceCp(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }

// Skips whitespace and markdown decoration ("## **").
std::size_t SkipDecoration(std::string_view s, std::size_t i, bool* decorated) {
  while (i < s.size()) {
    std::size_t j = i;
    const char32_t c = NextCodePoint(s, j);
    if (c == '#' || c == '*' || c == '>') {
      if (decorated != nullptr) *decorated = true;
    } else if (!IsSpaceCp(c)) {
      break;
    }
    i = j;
  }
  return i;
}

int ChineseDigit(char32_t c) {
  static constexpr std::u32string_view kDigits = U"一二三四五六七八九十";
  const std::size_t p = kDigits.find(c);
  return p == std::u32string_view::npos ? 0 : static_cast<int>(p) + 1;
}

bool IsSeparator(char32_t c) {
  return c == U'、' || c == '.' || c == U'．' || c == U'，' || c == ',' || c == U'：' || c == ':';
}

std::string_view TrimDecoration(std::string_view s) {
  std::size_t b = SkipDecoration(s, 0, nullptr);
  s.remove_prefix(b);
  // Trailing: strip ASCII decoration and spaces, then a full-width space/colon.
  for (;;) {
    if (!s.empty() && (s.back() == '*' || s.back() == '#' || s.back() == ' ')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && (s.substr(s.size() - 3) == "\u3000" || s.substr(s.size() - 3) == "：")) {
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

std::size_t CountCodePoints(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    NextCodePoint(s, i);
    ++n;
  }
  return n;
}

// Splits "其他需要报告的事项：无" into heading and the text that follows it.
void SplitHeading(std::string_view body, Candidate& c) {
  std::size_t cut = std::string_view::npos;
  std::size_t stop_len = 0;
  for (std::string_view stop : {"：", ":", "。"}) {
    const std::size_t p = body.find(stop);
    if (p < cut) {
      cut = p;
      stop_len = stop.size();
    }
  }
  if (cut == std::string_view::npos) {
    c.heading = std::string(TrimDecoration(body));
    return;
  }
  c.heading = std::string(TrimDecoration(body.substr(0, cut)));
  c.rest = std::string(TrimDecoration(body.substr(cut + stop_len)));
}

std::optional<Candidate> ParseCandidate(const TextBlock& b, std::size_t index) {
  const std::string_view s = b.text;
  if (s.find('\t') != s.npos || s.find('|') != s.npos) return std::nullopt;  // a table row
  bool decorated = false;
  std::size_t i = SkipDecoration(s, 0, &decorated);
  if (i >= s.size()) return std::nullopt;
  Candidate c;
  c.block = index;
  std::size_t j = i;
  c.number = ChineseDigit(NextCodePoint(s, j));
  bool separated = false;
  if (c.number != 0) {
    std::size_t k = j;
    while (k < s.size()) {
      std::size_t m = k;
      const char32_t ch = NextCodePoint(s, m);
      if (IsSeparator(ch)) {
        separated = true;
        k = m;
        break;
      }
      if (!IsSpaceCp(ch)) break;
      separated = true;  // "一 总体情况": a space may separate, checked below
      k = m;
    }
    if (!separated) return std::nullopt;  // "一是…", "十分…"
    SplitHeading(s.substr(k), c);
  } else {
    // "（一）主动公开情况", "(二)", "1." are sub-items, whatever their words.
    const char32_t first = NextCodePoint(s, j = i);
    if (first == U'（' || first == '(' || first == U'【' || first == '[' ||
        (first >= '0' && first <= '9') || first == U'第') {
      return std::nullopt;
    }
    SplitHeading(s.substr(i), c);
  }
  if (c.heading.empty()) return std::nullopt;
  const std::size_t len = CountCodePoints(c.heading);
  const int keyword = KeywordNumber(c.heading);
  if (c.number == 0) {
    // Unnumbered headings must look like one: emphasized, short, standard words.
    if (keyword == 0 || len > kMaxUnnumberedChars || !(b.emphasized || decorated)) return std::nullopt;
    if (!c.rest.empty()) return std::nullopt;
  } else if (len > kMaxHeadingChars) {
    return std::nullopt;
  }
  c.order = c.number != 0 ? c.number : keyword;
  c.score = 1 + (keyword != 0 ? 1 : 0) + (keyword != 0 && keyword == c.order ? 1 : 0) +
            ((b.emphasized || decorated) ? 1 : 0);
  return c;
}

// The highest-scoring sequence of candidates whose order strictly increases:
// sub-items numbered 一、二、 inside a section lose to the standard headings.
std::vector<std::size_t> ChooseHeadings(const std::vector<Candidate>& cs) {
  const std::size_t n = cs.size();
  std::vector<int> best(n, 0);
  std::vector<std::ptrdiff_t> prev(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    best[i] = cs[i].score;
    for (std::size_t j = 0; j < i; ++j) {
      if (cs[j].order < cs[i].order && best[j] + cs[i].score > best[i]) {
        best[i] = best[j] + cs[i].score;
        prev[i] = static_cast<std::ptrdiff_t>(j);
      }
    }
  }
  std::ptrdiff_t end = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (end < 0 || best[i] > best[static_cast<std::size_t>(end)]) end = static_cast<std::ptrdiff_t>(i);
  }
  std::vector<std::size_t> chosen;
  for (std::ptrdiff_t k = end; k >= 0; k = prev[static_cast<std::size_t>(k)]) {
    chosen.insert(chosen.begin(), static_cast<std::size_t>(k));
  }
  return chosen;
}

void AppendLine(std::string& text, std::string_view line) {
  if (line.empty()) return;
  if (!text.empty()) text.push_back('\n');
  text.append(line);
}

}  // namespace

std::vector<Section> SplitSections(const std::vector<TextBlock>& blocks) {
  std::vector<Candidate> cands;
  for (std::size_t i = 0; i < blocks.size() && cands.size() < kMaxCandidates; ++i) {
    if (std::optional<Candidate> c = ParseCandidate(blocks[i], i)) cands.push_back(std::move(*c));
  }
  const std::vector<std::size_t> chosen = ChooseHeadings(cands);
  std::vector<Section> out;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const Candidate& c = cands[chosen[k]];
    const std::size_t end = k + 1 < chosen.size() ? cands[chosen[k + 1]].block : blocks.size();
    Section s;
    s.number = c.number;
    s.heading = c.heading;
    AppendLine(s.text, c.rest);
    for (std::size_t b = c.block + 1; b < end; ++b) AppendLine(s.text, blocks[b].text);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace nianbao::parser
