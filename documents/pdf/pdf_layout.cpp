#include "documents/pdf/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/text.h"
#include "common/utf8.h"
#include "documents/pdf/pdf_lattice.h"

namespace nianbao::documents::pdf {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string StripDashes(std::string s) {
  static const char* kDashes[] = {"-", "—", "–", "－", "─", "―"};
  bool again = true;
  while (again && !s.empty()) {
    again = false;
    for (const char* d : kDashes) {
      std::string_view dv(d);
      if (StartsWith(s, dv)) {
        s.erase(0, dv.size());
        again = true;
      }
      if (s.size() >= dv.size() && std::string_view(s).substr(s.size() - dv.size()) == dv) {
        s.erase(s.size() - dv.size());
        again = true;
      }
    }
  }
  return s;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() <= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "一、" … "十二、": a section heading.
bool IsNumberedHeading(std::string_view text) {
  std::size_t i = 0, n = 0;
  static const std::u32string kNumerals = U"一二三四五六七八九十";
  while (i < text.size()) {
    std::size_t at = i;
    char32_t c = NextCodePoint(text, i);
    if (kNumerals.find(c) != std::u32string::npos) {
      ++n;
      continue;
    }
    return n > 0 && n <= 3 && (c == U'、' || c == U'．' || c == U'.') && at > 0;
  }
  return false;
}

bool StartsSubItem(std::string_view text) { return StartsWith(text, "（") || StartsWith(text, "("); }

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool IsPageNumberLine(std::string_view text) {
  std::string s = RemoveSpaces(text);
  if (s.empty()) return false;
  std::string core = StripDashes(s);
  if (AllDigits(core)) return true;
  std::size_t slash = core.find('/');
  if (slash != std::string::npos && AllDigits(core.substr(0, slash)) && AllDigits(core.substr(slash + 1))) return true;
  // 第4页, 第4页共6页, 共6页第4页: digits and those three words only, 页 among them.
  bool page_word = false;
  std::size_t digits = 0;
  for (std::size_t i = 0; i < core.size();) {
    char32_t c = NextCodePoint(core, i);
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == U'页') {
      page_word = true;
    } else if (c != U'第' && c != U'共') {
      return false;
    }
  }
  return page_word && digits > 0 && digits <= 8;
}

std::vector<TextLine> PageLines(const std::vector<PageChar>& chars, const std::vector<bool>& used, int page) {
  std::map<int, std::vector<PageChar>> by_line;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (!used[i]) by_line[chars[i].line].push_back(chars[i]);
  }
  // MuPDF may cut one printed line in two (a font change): rejoin lines whose
  // vertical extents overlap mostly and which follow each other left to right.
  std::vector<std::vector<PageChar>> merged;
  for (auto& [id, cs] : by_line) {
    Box b = cs.front().box;
    for (const PageChar& c : cs) b = Box{std::min(b.x0, c.box.x0), std::min(b.y0, c.box.y0),
                                         std::max(b.x1, c.box.x1), std::max(b.y1, c.box.y1)};
    bool joined = false;
    for (auto& m : merged) {
      float my = 0, mx1 = 0;
      for (const PageChar& c : m) my += c.box.cy(), mx1 = std::max(mx1, c.box.x1);
      my /= static_cast<float>(m.size());
      if (std::fabs(my - b.cy()) < b.height() * 0.4f && b.x0 >= mx1 - 1.0f) {
        for (PageChar c : cs) {
          c.line = m.front().line;
          m.push_back(c);
        }
        joined = true;
        break;
      }
    }
    if (!joined) merged.push_back(std::move(cs));
  }
  std::vector<TextLine> lines;
  for (auto& cs : merged) {
    TextLine line;
    line.page = page;
    line.box = cs.front().box;
    for (const PageChar& c : cs) {
      if (c.c == ' ') continue;
      line.box = Box{std::min(line.box.x0, c.box.x0), std::min(line.box.y0, c.box.y0), std::max(line.box.x1, c.box.x1),
                     std::max(line.box.y1, c.box.y1)};
      line.size = std::max(line.size, c.size);
    }
    line.text = JoinLineChars(std::move(cs));
    if (line.text.empty() || IsPageNumberLine(line.text)) continue;
    lines.push_back(std::move(line));
  }
  std::stable_sort(lines.begin(), lines.end(), [](const TextLine& a, const TextLine& b) {
    if (std::fabs(a.box.cy() - b.box.cy()) > std::min(a.box.height(), b.box.height()) * 0.5f) return a.box.cy() < b.box.cy();
    return a.box.x0 < b.box.x0;
  });
  return lines;
}

std::vector<LaidBlock> Paragraphs(const std::vector<TextLine>& lines, float left, float right) {
  std::vector<LaidBlock> out;
  const TextLine* prev = nullptr;
  bool prev_heading = false;
  for (const TextLine& l : lines) {
    bool heading = IsNumberedHeading(l.text);
    bool fresh = !prev || heading || prev_heading || StartsSubItem(l.text) || l.page != prev->page;
    if (prev && !fresh) {
      float em = std::max(l.size, 1.0f);
      bool indented = l.box.x0 > left + 1.5f * em;
      bool short_prev = prev->box.x1 < right - 2.0f * em;
      bool resized = std::fabs(l.size - prev->size) > 1.0f;
      bool gap = l.box.y0 - prev->box.y1 > 1.2f * em;
      fresh = indented || short_prev || resized || gap;
    }
    // A paragraph continued from the previous page: the page ended mid-line.
    if (prev && l.page != prev->page && !heading && !prev_heading && !StartsSubItem(l.text)) {
      float em = std::max(l.size, 1.0f);
      fresh = !(prev->box.x1 >= right - 2.0f * em && l.box.x0 <= left + 1.5f * em);
    }
    if (fresh) {
      out.push_back(LaidBlock{{l.text, heading}, l.page, l.box});
    } else {
      std::string& t = out.back().block.text;
      if (!t.empty() && IsAsciiAlnum(t.back()) && IsAsciiAlnum(l.text.front())) t += ' ';
      t += l.text;
      out.back().box.y1 = l.box.y1;
      out.back().page = l.page;
    }
    prev = &l;
    prev_heading = heading;
  }
  return out;
}

std::string TitleLines(const std::vector<TextLine>& lines, float body_size, std::size_t* first, std::size_t* count) {
  *first = *count = 0;
  float largest = 0;
  for (const TextLine& l : lines) {
    if (l.page == 1) largest = std::max(largest, l.size);
  }
  if (largest < body_size * 1.2f) return "";
  std::string title;
  for (std::size_t i = 0; i < lines.size() && lines[i].page == 1; ++i) {
    bool big = std::fabs(lines[i].size - largest) < 0.5f && !IsNumberedHeading(lines[i].text);
    if (big && *count == 0) *first = i;
    if (big) {
      title += lines[i].text;
      ++*count;
    } else if (*count > 0) {
      break;
    }
  }
  return title;
}

std::optional<std::string> SignatureDate(const std::vector<LaidBlock>& blocks) {
  std::size_t from = blocks.size() > 3 ? blocks.size() - 3 : 0;
  for (std::size_t i = blocks.size(); i-- > from;) {
    const std::string& t = blocks[i].block.text;
    if (t.size() > 30) continue;  // a date line is short: "2025年1月20日"
    if (auto d = FindDate(t)) return d;
  }
  return std::nullopt;
}

}  // namespace nianbao::documents::pdf
