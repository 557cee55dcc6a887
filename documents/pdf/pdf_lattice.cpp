#include "documents/pdf/pdf_lattice.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "common/utf8.h"
#include "parser/text_builder.h"

namespace nianbao::documents::pdf {
namespace {

// Lines closer than this are one grid line (a double border, a fill edge
// beside a stroke, the same border drawn by two neighbouring cells).
constexpr float kSnap = 2.0f;
// A line reaches a point when it ends no further than this before it.
constexpr float kReach = 2.5f;
// No row or column of a printed table is thinner.
constexpr float kThinnest = 4.0f;

struct Dsu {
  std::vector<int> parent;
  explicit Dsu(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int Find(int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void Join(int a, int b) { parent[Find(a)] = Find(b); }
};

bool Touch(const Ruling& a, const Ruling& b) {
  return a.x0 - kReach <= b.x1 && b.x0 - kReach <= a.x1 && a.y0 - kReach <= b.y1 && b.y0 - kReach <= a.y1;
}

std::vector<float> Cluster(std::vector<float> v) {
  std::sort(v.begin(), v.end());
  std::vector<float> out;
  float sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (n > 0 && v[i] - v[i - 1] > kSnap) {
      out.push_back(sum / n);
      sum = 0;
      n = 0;
    }
    sum += v[i];
    n++;
  }
  if (n > 0) out.push_back(sum / n);
  // Lines a few points apart (a double border) are one line: no text row or
  // column is that thin.
  std::vector<float> merged;
  for (float x : out) {
    if (merged.empty() || x - merged.back() >= kThinnest) merged.push_back(x);
  }
  return merged;
}

int Nearest(const std::vector<float>& lines, float v) {
  int best = -1;
  float d = kSnap * 2;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (std::fabs(lines[i] - v) <= d) {
      d = std::fabs(lines[i] - v);
      best = static_cast<int>(i);
    }
  }
  return best;
}

// Segments on each grid line, to ask whether a line passes a point.
using Coverage = std::vector<std::vector<std::pair<float, float>>>;

bool Covers(const Coverage& cov, int line, float at) {
  for (const auto& [lo, hi] : cov[line]) {
    if (lo - kReach <= at && at <= hi + kReach) return true;
  }
  return false;
}

bool StartsNewLabel(const std::string& text) {
  if (text.empty()) return false;
  unsigned char c = static_cast<unsigned char>(text[0]);
  if (std::isdigit(c) || c == '(') return true;
  std::size_t i = 0;
  char32_t cp = NextCodePoint(text, i);
  static const std::u32string kEnumerators = U"（一二三四五六七八九十０１２３４５６７８９";
  return kEnumerators.find(cp) != std::u32string::npos;
}

LatticeTable Lattice(std::vector<Ruling> rulings, std::size_t max_cells) {
  LatticeTable t;
  std::vector<float> xs, ys;
  for (const Ruling& r : rulings) (r.horizontal() ? ys : xs).push_back(r.horizontal() ? r.y0 : r.x0);
  // A table cut by a page break may have no line at the cut (Chromium): its
  // vertical lines reach past the last horizontal one. The cut closes it.
  float vtop = 1e9f, vbottom = -1e9f;
  for (const Ruling& r : rulings) {
    if (!r.horizontal()) vtop = std::min(vtop, r.y0), vbottom = std::max(vbottom, r.y1);
  }
  std::vector<Ruling> cuts;
  if (!ys.empty() && !xs.empty()) {
    float left = *std::min_element(xs.begin(), xs.end()), right = *std::max_element(xs.begin(), xs.end());
    if (vbottom > *std::max_element(ys.begin(), ys.end()) + kThinnest) cuts.push_back({left, vbottom, right, vbottom});
    if (vtop < *std::min_element(ys.begin(), ys.end()) - kThinnest) cuts.push_back({left, vtop, right, vtop});
  }
  for (const Ruling& c : cuts) {
    ys.push_back(c.y0);
    rulings.push_back(c);
  }
  t.xs = Cluster(xs);
  t.ys = Cluster(ys);
  if (t.xs.size() < 2 || t.ys.size() < 2) return t;
  // Bounded before any per-cell allocation: a hostile page may draw a huge grid.
  if ((t.xs.size() - 1) * (t.ys.size() - 1) > max_cells) return t;
  Coverage vert(t.xs.size()), horiz(t.ys.size());
  for (const Ruling& r : rulings) {
    if (r.horizontal()) {
      int i = Nearest(t.ys, r.y0);
      if (i >= 0) horiz[i].push_back({r.x0, r.x1});
    } else {
      int i = Nearest(t.xs, r.x0);
      if (i >= 0) vert[i].push_back({r.y0, r.y1});
    }
  }
  int rows = static_cast<int>(t.ys.size()) - 1, cols = static_cast<int>(t.xs.size()) - 1;
  Dsu dsu(static_cast<std::size_t>(rows) * cols);
  for (int r = 0; r < rows; ++r) {
    float my = (t.ys[r] + t.ys[r + 1]) / 2;
    for (int c = 0; c < cols; ++c) {
      float mx = (t.xs[c] + t.xs[c + 1]) / 2;
      if (c + 1 < cols && !Covers(vert, c + 1, my)) dsu.Join(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !Covers(horiz, r + 1, mx)) dsu.Join(r * cols + c, (r + 1) * cols + c);
    }
  }
  std::map<int, LatticeCell> regions;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      int root = dsu.Find(r * cols + c);
      auto [it, fresh] = regions.try_emplace(root, LatticeCell{r, r, c, c, ""});
      if (!fresh) {
        LatticeCell& cell = it->second;
        cell.r0 = std::min(cell.r0, r);
        cell.r1 = std::max(cell.r1, r);
        cell.c0 = std::min(cell.c0, c);
        cell.c1 = std::max(cell.c1, c);
      }
    }
  }
  for (auto& [root, cell] : regions) {
    if (cell.c1 == cols - 1) {
      for (int r = cell.r0; r <= cell.r1 && !cell.open; ++r) cell.open = !Covers(vert, cols, (t.ys[r] + t.ys[r + 1]) / 2);
      // Beside several short rows inside the table's outer border (Chromium
      // draws the <table> border round them): padding too, not one merged cell.
      if (cell.r1 > cell.r0 && cell.c0 > 0) cell.open = true;
    }
    t.cells.push_back(cell);
  }
  std::sort(t.cells.begin(), t.cells.end(),
            [](const LatticeCell& a, const LatticeCell& b) { return std::tie(a.r0, a.c0) < std::tie(b.r0, b.c0); });
  t.box = Box{t.xs.front(), t.ys.front(), t.xs.back(), t.ys.back()};
  t.rulings = std::move(rulings);
  return t;
}

// Rulings grouped by touching: each group is one drawn table.
std::vector<std::vector<Ruling>> Groups(const std::vector<Ruling>& rulings) {
  Dsu dsu(rulings.size());
  std::vector<std::size_t> order(rulings.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rulings[a].x0 < rulings[b].x0; });
  // Sweep by x so only overlapping x ranges are compared.
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Ruling& a = rulings[order[i]];
    for (std::size_t j = i + 1; j < order.size() && rulings[order[j]].x0 <= a.x1 + kReach; ++j) {
      if (Touch(a, rulings[order[j]])) dsu.Join(static_cast<int>(order[i]), static_cast<int>(order[j]));
    }
  }
  std::map<int, std::vector<Ruling>> by_root;
  for (std::size_t i = 0; i < rulings.size(); ++i) by_root[dsu.Find(static_cast<int>(i))].push_back(rulings[i]);
  std::vector<std::vector<Ruling>> out;
  for (auto& [root, g] : by_root) out.push_back(std::move(g));
  return out;
}

bool IsSpace(char32_t c) { return c == ' ' || c == 0x3000 || c == 0xA0 || c == '\t'; }
bool IsLatin(char32_t c) { return c < 0x2E80 && !IsSpace(c) && std::isalpha(static_cast<int>(c & 0x7F)) && c < 0x80; }

}  // namespace

std::vector<LatticeTable> FindLattices(const std::vector<Ruling>& rulings, std::size_t max_cells) {
  std::vector<LatticeTable> out;
  for (auto& g : Groups(rulings)) {
    LatticeTable t = Lattice(std::move(g), max_cells);
    if (t.cells.size() >= 2) out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](const LatticeTable& a, const LatticeTable& b) { return a.box.y0 < b.box.y0; });
  return out;
}

LatticeTable BuildLattice(const std::vector<Ruling>& rulings, const std::vector<float>& soft_ys,
                          const std::vector<PageChar>& chars, std::size_t max_cells) {
  std::vector<LatticeTable> all = FindLattices(rulings, max_cells);
  if (all.empty()) return {};
  auto biggest = std::max_element(all.begin(), all.end(), [](const LatticeTable& a, const LatticeTable& b) {
    return a.cells.size() < b.cells.size();
  });
  LatticeTable t = std::move(*biggest);
  std::vector<bool> used(chars.size(), false);
  FillCells(t, chars, &used);
  for (float y : soft_ys) {
    int row = Nearest(t.ys, y);
    if (row <= 0) continue;
    // Cells ending on the break line, then the one starting below in the same columns.
    for (std::size_t i = 0; i < t.cells.size(); ++i) {
      LatticeCell& above = t.cells[i];
      if (above.r1 != row - 1 || above.text.empty()) continue;
      for (std::size_t j = 0; j < t.cells.size(); ++j) {
        LatticeCell& below = t.cells[j];
        if (below.r0 != row || below.c0 != above.c0 || below.c1 != above.c1) continue;
        // A label cut by the break goes on over several rows below it; a
        // one-row cell below is a row of its own ("行政处罚" / "行政强制").
        if (!below.text.empty() && (StartsNewLabel(below.text) || below.r1 == below.r0)) break;
        above.text += below.text;
        above.r1 = below.r1;
        t.cells.erase(t.cells.begin() + static_cast<std::ptrdiff_t>(j));
        if (j < i) --i;
        break;
      }
    }
  }
  return t;
}

std::string JoinLineChars(std::vector<PageChar> chars) {
  // Lines by MuPDF line, ordered top to bottom; chars in a line by x.
  std::stable_sort(chars.begin(), chars.end(), [](const PageChar& a, const PageChar& b) {
    if (a.line != b.line) return a.line < b.line;
    return a.box.x0 < b.box.x0;
  });
  std::map<int, float> line_top;
  for (const PageChar& c : chars) {
    auto [it, fresh] = line_top.try_emplace(c.line, c.box.cy());
    if (!fresh) it->second = std::min(it->second, c.box.cy());
  }
  std::stable_sort(chars.begin(), chars.end(), [&](const PageChar& a, const PageChar& b) {
    float ya = line_top[a.line], yb = line_top[b.line];
    if (a.line != b.line && std::fabs(ya - yb) > 1.0f) return ya < yb;
    if (a.line != b.line) return a.line < b.line;
    return a.box.x0 < b.box.x0;
  });
  std::u32string text;
  int line = chars.empty() ? 0 : chars.front().line;
  for (const PageChar& c : chars) {
    if (c.line != line) {
      line = c.line;
      while (!text.empty() && IsSpace(text.back())) text.pop_back();
      if (!text.empty() && IsLatin(text.back()) && IsLatin(c.c)) text.push_back(' ');
    }
    if (IsSpace(c.c)) {
      if (!text.empty() && !IsSpace(text.back())) text.push_back(' ');
      continue;
    }
    // A space beside a CJK character is letter spacing or the autospace a
    // word processor puts between "2024" and "年", not a word break.
    if (text.size() >= 2 && IsSpace(text.back()) && (parser::IsCjk(c.c) || parser::IsCjk(text[text.size() - 2]))) text.pop_back();
    text.push_back(c.c);
  }
  while (!text.empty() && IsSpace(text.back())) text.pop_back();
  std::string out;
  for (char32_t cp : text) AppendUtf8(out, cp);
  return out;
}

void FillCells(LatticeTable& table, const std::vector<PageChar>& chars, std::vector<bool>* used) {
  if (table.cells.empty()) return;
  int rows = static_cast<int>(table.ys.size()) - 1, cols = static_cast<int>(table.xs.size()) - 1;
  std::vector<int> owner(static_cast<std::size_t>(rows) * cols, -1);
  for (std::size_t k = 0; k < table.cells.size(); ++k) {
    const LatticeCell& c = table.cells[k];
    for (int r = c.r0; r <= c.r1; ++r)
      for (int col = c.c0; col <= c.c1; ++col) owner[r * cols + col] = static_cast<int>(k);
  }
  std::vector<std::vector<PageChar>> inside(table.cells.size());
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if ((*used)[i]) continue;
    float x = chars[i].box.cx(), y = chars[i].box.cy();
    if (x < table.xs.front() || x > table.xs.back() || y < table.ys.front() || y > table.ys.back()) continue;
    int c = static_cast<int>(std::upper_bound(table.xs.begin(), table.xs.end(), x) - table.xs.begin()) - 1;
    int r = static_cast<int>(std::upper_bound(table.ys.begin(), table.ys.end(), y) - table.ys.begin()) - 1;
    c = std::clamp(c, 0, cols - 1);
    r = std::clamp(r, 0, rows - 1);
    int k = owner[r * cols + c];
    if (k < 0) continue;
    inside[k].push_back(chars[i]);
    (*used)[i] = true;
  }
  for (std::size_t k = 0; k < table.cells.size(); ++k) table.cells[k].text = JoinLineChars(std::move(inside[k]));
}

parser::Grid ToGrid(const LatticeTable& table) {
  parser::Grid g;
  if (table.cells.empty()) return g;
  std::size_t rows = table.ys.size() - 1, cols = table.xs.size() - 1;
  g.rows.assign(rows, std::vector<parser::GridCell>(cols));
  g.source_widths.assign(rows, static_cast<int>(cols));
  for (const LatticeCell& c : table.cells) {
    bool padding = c.open && c.text.empty();
    for (int r = c.r0; r <= c.r1; ++r) {
      for (int col = c.c0; col <= c.c1; ++col) g.rows[r][col] = {c.text, !padding && (r != c.r0 || col != c.c0)};
      if (padding) {
        g.source_widths[r] = std::min(g.source_widths[r], c.c0);
        g.ragged = true;
      }
    }
  }
  return g;
}

}  // namespace nianbao::documents::pdf
