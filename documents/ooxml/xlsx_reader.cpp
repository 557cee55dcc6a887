#include "documents/ooxml/xlsx_reader.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "documents/ooxml/ooxml_part.h"

namespace nianbao::documents {
namespace {

struct CellRef {
  std::size_t row = 0;  // 0-based
  std::size_t col = 0;
};

// "AB12" → row 11, column 27; nullopt for junk or coordinates past Excel's sheet.
std::optional<CellRef> ParseRef(std::string_view r) {
  std::size_t i = 0;
  std::size_t col = 0;
  for (; i < r.size() && r[i] >= 'A' && r[i] <= 'Z'; ++i) {
    col = col * 26 + static_cast<std::size_t>(r[i] - 'A' + 1);
    if (col > 16384) return std::nullopt;
  }
  std::size_t row = 0;
  const std::size_t digits = i;
  for (; i < r.size() && r[i] >= '0' && r[i] <= '9'; ++i) {
    row = row * 10 + static_cast<std::size_t>(r[i] - '0');
    if (row > 1048576) return std::nullopt;
  }
  if (col == 0 || row == 0 || i == digits || i != r.size()) return std::nullopt;
  return CellRef{row - 1, col - 1};
}

// Text of a string item (<si> or <is>): its t and r/t, without phonetic runs.
std::string ItemText(const pugi::xml_node& si) {
  std::string out;
  for (pugi::xml_node c : si.children()) {
    if (Is(c, "t")) out += c.text().get();
    else if (Is(c, "r")) out += Child(c, "t").text().get();
  }
  return out;
}

struct SheetEntry {
  std::string name;
  std::string part;  // "xl/worksheets/sheet1.xml"
};

std::string ResolveTarget(std::string_view target) {
  if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
  std::string t(target);
  while (t.rfind("../", 0) == 0) t = t.substr(3);  // relative to xl/: "../xl/…" is unusual but legal
  return t.rfind("xl/", 0) == 0 ? t : "xl/" + t;
}

struct SheetGrid {
  std::map<std::pair<std::size_t, std::size_t>, std::string> cells;
  std::vector<std::pair<CellRef, CellRef>> merges;
};

SheetGrid ReadCells(const pugi::xml_document& sheet, const std::vector<std::string>& shared, std::size_t max_cells,
                    bool& over) {
  SheetGrid g;
  const pugi::xml_node ws = Child(sheet, "worksheet");
  std::size_t next_row = 0;
  for (pugi::xml_node row : Child(ws, "sheetData").children()) {
    if (!Is(row, "row")) continue;
    std::size_t r = next_row;
    if (std::string_view rv = Attr(row, "r"); !rv.empty()) {
      if (auto ref = ParseRef("A" + std::string(rv))) r = ref->row;
    }
    next_row = r + 1;
    std::size_t next_col = 0;
    for (pugi::xml_node c : row.children()) {
      if (!Is(c, "c")) continue;
      CellRef at{r, next_col};
      if (auto ref = ParseRef(Attr(c, "r"))) at = *ref;
      next_col = at.col + 1;
      const std::string_view type = Attr(c, "t");
      std::string text;
      if (type == "s") {
        const std::string v = Child(c, "v").text().get();
        const std::size_t i = v.empty() ? shared.size() : std::strtoul(v.c_str(), nullptr, 10);
        if (i < shared.size()) text = shared[i];
      } else if (type == "inlineStr") {
        text = ItemText(Child(c, "is"));
      } else {
        text = Child(c, "v").text().get();
      }
      text = CollapseSpace(text);
      if (text.empty()) continue;
      if (g.cells.size() >= max_cells) {
        over = true;
        return g;
      }
      g.cells[{at.row, at.col}] = std::move(text);
    }
  }
  for (pugi::xml_node m : Child(ws, "mergeCells").children()) {
    const std::string ref(Attr(m, "ref"));
    const std::size_t colon = ref.find(':');
    if (colon == std::string::npos) continue;
    auto a = ParseRef(std::string_view(ref).substr(0, colon));
    auto b = ParseRef(std::string_view(ref).substr(colon + 1));
    if (a && b && a->row <= b->row && a->col <= b->col) g.merges.push_back({*a, *b});
  }
  return g;
}

// A sheet's rectangle with, for each cell, whether it lies in the same merged
// range as its left neighbour (so the two are one cell of the table).
struct SheetRows {
  parser::Grid grid;
  std::vector<std::vector<bool>> joined_left;  // same shape as grid.rows
};

// The rectangle from A1 (top-left as the sheet is laid out) to the last cell used.
std::optional<SheetRows> ToGrid(const SheetGrid& s, std::size_t max_cells) {
  std::size_t rows = 0, cols = 0;
  for (const auto& [at, text] : s.cells) {
    rows = std::max(rows, at.first + 1);
    cols = std::max(cols, at.second + 1);
  }
  for (const auto& [a, b] : s.merges) {
    if (s.cells.count({a.row, a.col})) {
      rows = std::max(rows, b.row + 1);
      cols = std::max(cols, b.col + 1);
    }
  }
  if (rows == 0) return SheetRows{};
  if (cols > max_cells / rows) return std::nullopt;
  SheetRows out;
  parser::Grid& g = out.grid;
  g.rows.assign(rows, std::vector<parser::GridCell>(cols));
  out.joined_left.assign(rows, std::vector<bool>(cols, false));
  for (const auto& [at, text] : s.cells) g.rows[at.first][at.second].text = text;
  // Valid merges never overlap, so no more copies than cells are made;
  // overlapping ranges past that are a hostile sheet.
  std::size_t copies = 0;
  for (const auto& [a, b] : s.merges) {
    if (a.row >= rows || a.col >= cols) continue;
    const std::string text = g.rows[a.row][a.col].text;
    for (std::size_t r = a.row; r <= b.row && r < rows; ++r) {
      for (std::size_t c = a.col; c <= b.col && c < cols; ++c) {
        if (r == a.row && c == a.col) continue;
        if (++copies > rows * cols) return std::nullopt;
        g.rows[r][c] = {text, true};
        if (c > a.col) out.joined_left[r][c] = true;
      }
    }
  }
  g.source_widths.assign(rows, static_cast<int>(cols));
  return out;
}

// Calc lays every table of a page on one column lattice, the union of all
// their cell edges, so one cell of a table spans several sheet columns. As
// the HTML path sees the table, a column exists only where some row of this
// table has a cell edge: drop each column that every row merges into its left
// neighbour, and the columns no row has text in. A row of the HTML that had
// fewer cells than its table (a lost 总计) comes out of Calc padded with
// empty cells in no merged range: those are not the row's cells, so the row's
// source width ends before them, as the HTML path counts it.
parser::Grid DropSharedColumns(SheetRows t) {
  parser::Grid& g = t.grid;
  std::vector<std::size_t> real(g.height(), 0);
  for (std::size_t r = 0; r < g.height(); ++r) {
    const auto& joined = t.joined_left[r];
    for (std::size_t c = 0; c < g.width(); ++c) {
      const bool merged = joined[c] || (c + 1 < g.width() && joined[c + 1]);
      if (!g.rows[r][c].text.empty() || merged) real[r] = c + 1;
    }
  }
  std::vector<bool> keep(g.width(), false);
  for (std::size_t c = 0; c < g.width(); ++c) {
    bool edge = c == 0, text = false;
    for (std::size_t r = 0; r < g.height(); ++r) {
      edge = edge || (c < real[r] && !t.joined_left[r][c]);
      text = text || !g.rows[r][c].text.empty();
    }
    keep[c] = edge && text;
  }
  const std::size_t sheet_width = g.width();
  g.source_widths.clear();
  for (std::size_t r = 0; r < g.height(); ++r) {
    std::vector<parser::GridCell> kept;
    int width = 0;
    for (std::size_t c = 0; c < sheet_width; ++c) {
      if (!keep[c]) continue;
      width += c < real[r] ? 1 : 0;
      kept.push_back(std::move(g.rows[r][c]));
    }
    g.rows[r] = std::move(kept);
    g.source_widths.push_back(width);
    g.ragged = g.ragged || static_cast<std::size_t>(width) < g.rows[r].size();
  }
  return std::move(t.grid);
}

// The one text of a row whose non-empty cells all say the same thing (a
// paragraph laid across a merged row), "" for a table row.
std::string RowText(const std::vector<parser::GridCell>& row) {
  std::string text;
  for (const auto& c : row) {
    if (c.text.empty()) continue;
    if (!text.empty() && c.text != text) return {};
    text = c.text;
  }
  return text;
}

// A sheet laid out like a page (a title row, paragraphs across merged rows,
// then tables: what Calc makes of an HTML report) split at its paragraph
// rows: each run of table rows is a Grid captioned by the paragraph above
// it. A sheet that is one table stays one Grid.
std::vector<parser::Grid> SplitAtTextRows(SheetRows sheet, std::string& first_text) {
  std::vector<parser::Grid> out;
  std::string caption = sheet.grid.caption;
  SheetRows current;
  auto flush = [&] {
    if (current.grid.rows.size() >= 2) out.push_back(DropSharedColumns(std::move(current)));
    current = SheetRows{};
  };
  for (std::size_t i = 0; i < sheet.grid.rows.size(); ++i) {
    auto& row = sheet.grid.rows[i];
    const std::string text = RowText(row);
    const bool number = !text.empty() && text.find_first_not_of("0123456789.-") == std::string::npos;
    if (!text.empty() && !number) {
      if (first_text.empty()) first_text = text;
      flush();
      caption = text;
      continue;
    }
    if (text.empty() && std::all_of(row.begin(), row.end(), [](const parser::GridCell& c) { return c.text.empty(); })) {
      continue;
    }
    if (current.grid.rows.empty()) current.grid.caption = caption;
    current.grid.rows.push_back(std::move(row));
    current.joined_left.push_back(std::move(sheet.joined_left[i]));
  }
  flush();
  return out;
}

}  // namespace

Extraction ReadXlsx(std::string_view bytes, const ExtractLimits& limits) {
  auto opened = ZipArchive::Open(bytes, limits, "XLSX");
  if (auto* f = std::get_if<ReadFailure>(&opened)) return *f;
  ZipArchive& package = std::get<ZipArchive>(opened);

  auto workbook = ReadXmlPart(package, "xl/workbook.xml", limits, "XLSX");
  if (auto* f = std::get_if<ReadFailure>(&workbook)) return *f;
  std::map<std::string, std::string> targets;
  if (package.Find("xl/_rels/workbook.xml.rels")) {
    auto rels = ReadXmlPart(package, "xl/_rels/workbook.xml.rels", limits, "XLSX");
    if (auto* f = std::get_if<ReadFailure>(&rels)) return *f;
    for (pugi::xml_node r : Child(*std::get<XmlPart>(rels), "Relationships").children()) {
      targets[std::string(Attr(r, "Id"))] = ResolveTarget(Attr(r, "Target"));
    }
  }
  std::vector<SheetEntry> sheets;
  for (pugi::xml_node s : Child(Child(*std::get<XmlPart>(workbook), "workbook"), "sheets").children()) {
    if (!Is(s, "sheet")) continue;
    auto t = targets.find(std::string(Attr(s, "id")));
    std::string part = t != targets.end() ? t->second
                                          : "xl/worksheets/sheet" + std::to_string(sheets.size() + 1) + ".xml";
    sheets.push_back({std::string(Attr(s, "name")), std::move(part)});
  }
  if (sheets.empty()) return ReadFailure{ReadFailureKind::kBroken, "XLSX part xl/workbook.xml: no sheets"};

  std::vector<std::string> shared;
  if (package.Find("xl/sharedStrings.xml")) {
    auto sst = ReadXmlPart(package, "xl/sharedStrings.xml", limits, "XLSX");
    if (auto* f = std::get_if<ReadFailure>(&sst)) return *f;
    for (pugi::xml_node si : Child(*std::get<XmlPart>(sst), "sst").children()) {
      if (Is(si, "si")) shared.push_back(ItemText(si));
    }
  }

  parser::DocumentParts parts;
  parts.kind = parser::DocumentKind::kXlsx;
  std::size_t refused = 0;
  for (const SheetEntry& entry : sheets) {
    if (!package.Find(entry.part)) {
      parts.warnings.push_back("XLSX sheet " + entry.name + ": part " + entry.part + " missing");
      continue;
    }
    auto sheet = ReadXmlPart(package, entry.part, limits, "XLSX");
    if (auto* f = std::get_if<ReadFailure>(&sheet)) return *f;
    bool over = false;
    SheetGrid cells = ReadCells(*std::get<XmlPart>(sheet), shared, limits.max_table_cells, over);
    std::optional<SheetRows> grid;
    if (!over) grid = ToGrid(cells, limits.max_table_cells);
    if (!grid) {
      ++refused;
      parts.warnings.push_back("XLSX sheet " + entry.name + ": over the " + std::to_string(limits.max_table_cells) +
                               "-cell limit, not read");
      continue;
    }
    if (grid->grid.rows.empty()) continue;
    grid->grid.caption = entry.name;
    std::string first_text;
    for (auto& g : SplitAtTextRows(std::move(*grid), first_text)) parts.tables.push_back(std::move(g));
    if (parts.title.empty()) parts.title = first_text;
  }
  if (refused == sheets.size()) {
    return ReadFailure{ReadFailureKind::kLimit, "XLSX file: every sheet is over the " +
                                                    std::to_string(limits.max_table_cells) + "-cell limit"};
  }
  if (parts.title.empty()) parts.title = sheets.front().name;
  return parts;
}

}  // namespace nianbao::documents
