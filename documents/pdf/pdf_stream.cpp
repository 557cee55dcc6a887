#include "documents/pdf/pdf_stream.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "documents/pdf/pdf_lattice.h"
#include "documents/pdf/pdf_layout.h"
#include "parser/labels.h"

namespace nianbao::documents::pdf {
namespace {

// Within one text line, a gap wider than this many font sizes separates two
// cells (a word space is a third of one).
constexpr float kCellGap = 1.0f;
// A line whose top is at most this many font sizes below the bottom of the
// line above it, and overlaps it in x, is that cell's next line; table rows
// are further apart (their padding).
constexpr float kWrapGap = 0.4f;
// Cells whose centres differ by at most this many font sizes are one row (a
// label over two lines is centred against one-line numbers).
constexpr float kRowTolerance = 0.6f;
// A column edge lies where at most this share of the table's rows has a cell.
constexpr float kEdgeShare = 0.25f;
// Widest page considered, in points (A0 is 2384): bounds the coverage array.
constexpr float kMaxWidth = 5000.0f;

struct Cell {
  Box box;
  float size = 0;
  std::vector<std::size_t> chars;  // indices into the page's characters
  std::string text;
  bool number = false;
};

bool IsBlankChar(char32_t c) { return c == ' ' || c == 0x3000 || c == 0xA0 || c == '\t'; }

Box Union(const Box& a, const Box& b) {
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// The unused characters as pieces of text lines, cut at wide gaps.
std::vector<Cell> Fragments(const std::vector<PageChar>& chars, const std::vector<bool>& used) {
  std::map<int, std::vector<std::size_t>> by_line;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (!used[i] && !IsBlankChar(chars[i].c)) by_line[chars[i].line].push_back(i);
  }
  std::vector<Cell> out;
  for (auto& [line, idx] : by_line) {
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return chars[a].box.x0 < chars[b].box.x0; });
    Cell cur;
    for (std::size_t i : idx) {
      const PageChar& c = chars[i];
      const float size = std::max(c.size, 1.0f);
      if (!cur.chars.empty() && c.box.x0 - cur.box.x1 > kCellGap * size) {
        out.push_back(std::move(cur));
        cur = Cell{};
      }
      cur.box = cur.chars.empty() ? c.box : Union(cur.box, c.box);
      cur.size = std::max(cur.size, size);
      cur.chars.push_back(i);
    }
    if (!cur.chars.empty()) out.push_back(std::move(cur));
  }
  return out;
}

// Fragments stacked close under each other and overlapping in x: one cell.
// Only cells whose lowest line ends near the fragment's top can take it, so
// the cells ended above are dropped from the search: linear in a page of text.
std::vector<Cell> StackWrapped(std::vector<Cell> frags) {
  std::sort(frags.begin(), frags.end(), [](const Cell& a, const Cell& b) { return a.box.y0 < b.box.y0; });
  std::vector<Cell> cells;
  std::vector<Box> last_line;      // per cell, the box of its lowest fragment
  std::vector<std::size_t> open;  // cells that may still take a line
  for (Cell& f : frags) {
    std::erase_if(open, [&](std::size_t k) { return f.box.y0 - last_line[k].y1 > kWrapGap * f.size; });
    bool joined = false;
    for (std::size_t i = open.size(); i-- > 0 && !joined;) {
      const std::size_t k = open[i];
      const Box& l = last_line[k];
      const float gap = f.box.y0 - l.y1;
      if (gap < -0.3f * f.size || gap > kWrapGap * f.size) continue;
      if (f.box.x0 >= l.x1 || l.x0 >= f.box.x1) continue;
      cells[k].box = Union(cells[k].box, f.box);
      cells[k].size = std::max(cells[k].size, f.size);
      cells[k].chars.insert(cells[k].chars.end(), f.chars.begin(), f.chars.end());
      last_line[k] = f.box;
      joined = true;
    }
    if (!joined) {
      open.push_back(cells.size());
      last_line.push_back(f.box);
      cells.push_back(std::move(f));
    }
  }
  return cells;
}

// Cells grouped into rows by centre height, top to bottom, each row by x.
std::vector<std::vector<Cell>> Rows(std::vector<Cell> cells) {
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.box.cy() < b.box.cy(); });
  std::vector<std::vector<Cell>> rows;
  float row_cy = 0;
  for (Cell& c : cells) {
    if (rows.empty() || c.box.cy() - row_cy > kRowTolerance * c.size) {
      rows.emplace_back();
      row_cy = c.box.cy();
    }
    rows.back().push_back(std::move(c));
  }
  for (auto& r : rows) {
    std::sort(r.begin(), r.end(), [](const Cell& a, const Cell& b) { return a.box.x0 < b.box.x0; });
  }
  return rows;
}

// Rows covering each point of x, in 1 pt bins from `left`.
struct Coverage {
  float left = 0;
  std::vector<int> rows;
  int At(float x) const { return rows[Bin(x)]; }
  std::size_t Bin(float x) const {
    return static_cast<std::size_t>(std::clamp(x - left, 0.0f, static_cast<float>(rows.size() - 1)));
  }
};

Coverage Cover(const std::vector<std::vector<Cell>>& rows, float left, float right) {
  Coverage cov;
  cov.left = left;
  cov.rows.assign(static_cast<std::size_t>(std::ceil(right - left)) + 2, 0);
  for (const auto& r : rows) {
    std::vector<bool> hit(cov.rows.size(), false);
    for (const Cell& c : r) {
      for (std::size_t x = cov.Bin(c.box.x0); x <= cov.Bin(c.box.x1); ++x) hit[x] = true;
    }
    for (std::size_t x = 0; x < hit.size(); ++x) cov.rows[x] += hit[x];
  }
  return cov;
}

// The middle of the widest least covered stretch of bins [a, b) (a group
// caption over two columns covers the gap between them too, but not as
// widely as the gap is).
float LeastCovered(const Coverage& cov, std::size_t a, std::size_t b) {
  int least = *std::min_element(cov.rows.begin() + static_cast<std::ptrdiff_t>(a),
                                cov.rows.begin() + static_cast<std::ptrdiff_t>(b));
  std::size_t best = a, best_end = a;
  for (std::size_t x = a; x < b;) {
    if (cov.rows[x] != least) {
      ++x;
      continue;
    }
    std::size_t e = x;
    while (e < b && cov.rows[e] == least) ++e;
    if (e - x > best_end - best) best = x, best_end = e;
    x = e;
  }
  return cov.left + static_cast<float>(best + best_end) / 2.0f;
}

// Edges inside the label area [from, to) (the text left of the first
// number column): in each run of bins that at most kEdgeShare of the rows
// cover, the middle of its least covered part; the last one is the edge
// before the numbers, which is at `to` when there is no run.
std::vector<float> LabelEdges(const Coverage& cov, std::size_t rows, std::size_t from, std::size_t to) {
  const int limit = static_cast<int>(kEdgeShare * static_cast<float>(rows));
  std::vector<float> edges;
  for (std::size_t x = from; x < to;) {
    if (cov.rows[x] > limit) {
      ++x;
      continue;
    }
    std::size_t end = x;
    while (end < to && cov.rows[end] <= limit) ++end;
    if (x > from) edges.push_back(LeastCovered(cov, x, end));
    x = end;
  }
  // Without any gap the labels run up to the numbers: the edge is there. A
  // gap before a caption over the first value column closes the labels.
  if (edges.empty()) edges.push_back(cov.left + static_cast<float>(to) - 0.5f);
  return edges;
}

// Column edges of a table. Numbers never span columns, so the x ranges of
// the number cells, where they overlap, are the value columns, and an edge
// between two of them is where the fewest rows have text. Left of them,
// labels span columns in a few rows (一、… over the three label columns of
// table 三), so an edge there is where at most kEdgeShare of the rows cover.
std::vector<float> ColumnEdges(const std::vector<std::vector<Cell>>& rows) {
  float left = kMaxWidth, right = 0;
  std::vector<std::pair<float, float>> numbers;
  for (const auto& r : rows) {
    for (const Cell& c : r) {
      left = std::min(left, c.box.x0), right = std::max(right, c.box.x1);
      if (c.number) numbers.push_back({c.box.x0, c.box.x1});
    }
  }
  left = std::max(left, 0.0f);
  right = std::clamp(right, left + 1.0f, kMaxWidth);
  const Coverage cov = Cover(rows, left, right);
  std::sort(numbers.begin(), numbers.end());
  std::vector<std::pair<float, float>> columns;  // value columns, left to right
  for (const auto& n : numbers) {
    if (!columns.empty() && n.first <= columns.back().second) {
      columns.back().second = std::max(columns.back().second, n.second);
    } else {
      columns.push_back(n);
    }
  }
  std::vector<float> edges = {left};
  if (columns.empty()) return {left, right + 1.0f};
  const std::size_t first = cov.Bin(columns.front().first);
  bool labels = false;
  for (const auto& r : rows) {
    for (const Cell& c : r) labels = labels || c.box.cx() < columns.front().first;
  }
  if (labels && first > 0) {
    for (float e : LabelEdges(cov, rows.size(), 0, first)) edges.push_back(e);
  }
  for (std::size_t k = 0; k + 1 < columns.size(); ++k) {
    edges.push_back(LeastCovered(cov, cov.Bin(columns[k].second) + 1, std::max(cov.Bin(columns[k + 1].first),
                                                                               cov.Bin(columns[k].second) + 2)));
  }
  edges.push_back(right + 1.0f);
  return edges;
}

// The columns [c0, c1] a cell's box overlaps.
std::pair<std::size_t, std::size_t> Span(const Box& b, const std::vector<float>& edges) {
  std::size_t c0 = edges.size(), c1 = 0;
  for (std::size_t c = 0; c + 1 < edges.size(); ++c) {
    const float overlap = std::min(b.x1, edges[c + 1]) - std::max(b.x0, edges[c]);
    if (overlap > 0.5f) c0 = std::min(c0, c), c1 = std::max(c1, c);
  }
  if (c0 > c1) {  // narrower than half a point: the column its centre is in
    c0 = 0;
    while (c0 + 2 < edges.size() && b.cx() >= edges[c0 + 1]) ++c0;
    c1 = c0;
  }
  return {c0, c1};
}

std::optional<StreamTable> ToTable(const std::vector<std::vector<Cell>>& rows, std::size_t max_cells) {
  std::vector<float> edges = ColumnEdges(rows);
  const std::size_t cols = edges.size() - 1;
  if (cols < 2 || cols > max_cells / rows.size()) return std::nullopt;
  StreamTable t;
  parser::Grid& g = t.grid;
  g.rows.assign(rows.size(), std::vector<parser::GridCell>(cols));
  t.box = rows.front().front().box;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (const Cell& c : rows[r]) {
      t.box = Union(t.box, c.box);
      auto [c0, c1] = Span(c.box, edges);
      std::string& text = g.rows[r][c0].text;
      text += c.text;  // two cells in one column (a rowspan label beside its row): both kept
      for (std::size_t k = c0 + 1; k <= c1; ++k) g.rows[r][k] = {text, true};
    }
  }
  g.source_widths.assign(rows.size(), static_cast<int>(cols));
  return t;
}

bool Tabular(const std::vector<Cell>& row) { return row.size() >= 2; }

}  // namespace

std::vector<StreamTable> FindStreamTables(const std::vector<PageChar>& chars, std::vector<bool>* used,
                                          std::size_t max_cells) {
  std::vector<Cell> cells = StackWrapped(Fragments(chars, *used));
  for (Cell& c : cells) {
    std::vector<PageChar> mine;
    for (std::size_t i : c.chars) mine.push_back(chars[i]);
    c.text = JoinLineChars(std::move(mine));
    c.number = parser::ParseCell(c.text).is_number();
  }
  std::vector<std::vector<Cell>> rows = Rows(std::move(cells));
  // A page number between two parts of a table ("-4-") does not end it.
  std::erase_if(rows, [](const std::vector<Cell>& r) { return r.size() == 1 && IsPageNumberLine(r.front().text); });
  std::vector<StreamTable> out;
  std::size_t i = 0;
  while (i < rows.size()) {
    if (!Tabular(rows[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    bool numbers = false;
    while (end < rows.size() && Tabular(rows[end])) {
      for (const Cell& c : rows[end]) numbers = numbers || c.number;
      ++end;
    }
    std::vector<std::vector<Cell>> run(rows.begin() + static_cast<std::ptrdiff_t>(i),
                                       rows.begin() + static_cast<std::ptrdiff_t>(end));
    if (run.size() >= 2 && numbers) {
      if (auto t = ToTable(run, max_cells)) {
        if (i > 0 && rows[i - 1].size() == 1) t->grid.caption = rows[i - 1].front().text;
        for (const auto& r : run) {
          for (const Cell& c : r) {
            for (std::size_t k : c.chars) (*used)[k] = true;
          }
        }
        out.push_back(std::move(*t));
      }
    }
    i = end;
  }
  return out;
}

}  // namespace nianbao::documents::pdf
