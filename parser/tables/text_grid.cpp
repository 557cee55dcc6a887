#include "parser/tables/text_grid.h"

#include "common/utf8.h"

#include <algorithm>

#include "parser/labels.h"

namespace nianbao::parser {
namespace {

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\f\v") == std::string_view::npos; }

std::string_view Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\f\v");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\f\v");
  return s.substr(b, e - b + 1);
}

// Collapses whitespace runs (ASCII and U+3000/U+00A0) to one space and trims.
std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    char32_t cp = NextCodePoint(s, i);
    bool ws = cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0x00A0;
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

bool IsPipeRow(std::string_view t) { return t.size() >= 2 && t.front() == '|' && t.back() == '|'; }

std::vector<std::string> SplitCells(std::string_view line, char sep) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    std::size_t p = line.find(sep, start);
    cells.push_back(Collapse(line.substr(start, p == std::string_view::npos ? p : p - start)));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return cells;
}

// "|---|:--:|" rows only carry alignment.
bool IsSeparatorRow(const std::vector<std::string>& cells) {
  bool any = false;
  for (const std::string& c : cells) {
    if (c.empty()) continue;
    if (c.find_first_not_of("-: ") != std::string::npos) return false;
    any = true;
  }
  return any;
}

// Markdown heading or a line that is bold as a whole: the report's section titles.
bool StripHeading(std::string_view& t) {
  bool heading = false;
  if (!t.empty() && t.front() == '#') {
    t.remove_prefix(std::min(t.find_first_not_of('#'), t.size()));
    t = Trim(t);
    heading = true;
  }
  if (t.size() > 4 && t.substr(0, 2) == "**" && t.substr(t.size() - 2) == "**") {
    t = Trim(t.substr(2, t.size() - 4));
    heading = true;
  }
  return heading;
}

class Builder {
 public:
  Builder(TextDocument& doc, const TextGridLimits& limits) : doc_(doc), limits_(limits) {}

  void Line(std::string_view raw) {
    std::string_view t = Trim(raw);
    bool pipe = IsPipeRow(t);
    // A line of tabs alone is an empty row inside a table, a blank line outside one.
    bool tab = !pipe && raw.find('\t') != std::string_view::npos && (open_ || !IsBlank(raw));
    if (!pipe && !tab) {
      EndTable();
      if (!t.empty()) Text(t);
      return;
    }
    std::vector<std::string> cells = pipe ? SplitCells(t.substr(1, t.size() - 2), '|') : SplitCells(raw, '\t');
    if (pipe && IsSeparatorRow(cells)) return;
    Row(std::move(cells));
  }

  void Finish() { EndTable(); }

 private:
  void Text(std::string_view t) {
    bool heading = StripHeading(t);
    std::string text = Collapse(t);
    if (text.empty()) return;
    doc_.blocks.push_back({text, heading});
    last_text_ = text;
  }

  void Row(std::vector<std::string> cells) {
    if (cells.size() > limits_.max_columns) {
      cells.resize(limits_.max_columns);
      Warn("a text table row had more than " + std::to_string(limits_.max_columns) + " cells; the rest were dropped");
    }
    if (!open_) {
      open_ = true;
      grid_ = Grid{};
      grid_.caption = last_text_;
      width_ = 0;
    }
    // Rows are padded to the widest row, so the padded size is what counts.
    std::size_t width = std::max(width_, cells.size());
    if (width * (grid_.rows.size() + 1) > limits_.max_table_cells) {
      Warn("a text table exceeded " + std::to_string(limits_.max_table_cells) + " cells and was cut");
      return;
    }
    width_ = width;
    std::vector<GridCell> row;
    for (std::string& c : cells) row.push_back({std::move(c), false});
    grid_.source_widths.push_back(static_cast<int>(row.size()));
    grid_.rows.push_back(std::move(row));
  }

  void EndTable() {
    if (!open_) return;
    open_ = false;
    std::size_t width = 0;
    for (const auto& r : grid_.rows) width = std::max(width, r.size());
    for (auto& r : grid_.rows) {
      if (r.size() < width) grid_.ragged = true;
      r.resize(width);
    }
    doc_.tables.push_back(std::move(grid_));
    last_text_.clear();  // a caption belongs to one table only
  }

  void Warn(std::string w) {
    if (std::find(doc_.warnings.begin(), doc_.warnings.end(), w) == doc_.warnings.end()) doc_.warnings.push_back(w);
  }

  TextDocument& doc_;
  const TextGridLimits& limits_;
  bool open_ = false;
  Grid grid_;
  std::size_t width_ = 0;  // widest row of the open table
  std::string last_text_;
};

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// The first block, joined with the next when the first is only the agency's
// name on its own line (seed 001: "四方台区人民政府办公室" / "2021 年…年度报告").
std::string GuessTitle(const std::vector<TextBlock>& blocks) {
  if (blocks.empty()) return {};
  std::string title = blocks[0].text;
  const std::string& next = blocks.size() > 1 ? blocks[1].text : std::string();
  if (!Contains(title, "报告") && !Contains(title, "。") && Contains(next, "报告") && !Contains(next, "。") &&
      next.size() < 120 && title.size() < 120) {
    title += blocks[1].text;
  }
  return TidyTitle(title);
}

bool IsCjkLike(char32_t cp) { return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF); }

}  // namespace

// One pass with the previous and next code point at hand; characters are
// copied as their bytes (an invalid byte as U+FFFD, as AppendUtf8 wrote it).
std::string TidyTitle(std::string_view text) {
  const std::string collapsed = Collapse(text);
  const std::string_view c = collapsed;
  std::string out;
  out.reserve(c.size());
  char32_t prev = 0;
  bool has_prev = false;
  std::size_t i = 0;
  while (i < c.size()) {
    const std::size_t start = i;
    const char32_t cp = NextCodePoint(c, i);
    if (cp == ' ' && has_prev && i < c.size()) {
      std::size_t j = i;
      const char32_t next = NextCodePoint(c, j);
      if (IsCjkLike(prev) || IsCjkLike(next)) {
        prev = cp;
        continue;
      }
    }
    if (cp == 0xFFFD && i - start == 1) {
      AppendUtf8(out, cp);
    } else {
      out.append(c.substr(start, i - start));
    }
    prev = cp;
    has_prev = true;
  }
  return out;
}

TextDocument ParseTextDocument(std::string_view utf8, const TextGridLimits& limits) {
  TextDocument doc;
  Builder builder(doc, limits);
  std::size_t start = 0;
  while (start <= utf8.size()) {
    std::size_t nl = utf8.find('\n', start);
    std::string_view line = utf8.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    builder.Line(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  builder.Finish();
  doc.title = GuessTitle(doc.blocks);
  return doc;
}

}  // namespace nianbao::parser
