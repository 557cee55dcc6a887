#include "documents/ooxml/docx_tables.h"

#include <algorithm>
#include <string>

#include "documents/ooxml/ooxml_part.h"

namespace nianbao::documents {
namespace {

void CollectText(const pugi::xml_node& n, std::string& out) {
  for (pugi::xml_node c : n.children()) {
    const std::string_view name = LocalName(c.name());
    if (name == "delText" || name == "instrText" || name == "Fallback" || name == "pPr" || name == "rPr" ||
        name == "tcPr") {
      continue;
    }
    if (name == "t" && c.parent() && Is(c.parent(), "r")) {
      out += c.text().get();
    } else if (name == "tab" || name == "br" || name == "cr") {
      out += ' ';
    } else {
      CollectText(c, out);
      if (name == "p") out += ' ';
    }
  }
}

// Children of `n` called `local`, looking through content controls and
// custom XML wrappers that Word puts around rows and cells.
void ChildrenThrough(const pugi::xml_node& n, std::string_view local, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c : n.children()) {
    if (Is(c, local)) out.push_back(c);
    else if (Is(c, "sdt")) ChildrenThrough(Child(c, "sdtContent"), local, out);
    else if (Is(c, "customXml")) ChildrenThrough(c, local, out);
  }
}

// A positive integer attribute value, 1 when absent or junk, capped.
std::size_t Count(std::string_view v, std::size_t fallback, std::size_t cap) {
  std::size_t n = 0;
  bool any = false;
  for (char ch : v) {
    if (ch < '0' || ch > '9') break;
    any = true;
    n = std::min<std::size_t>(n * 10 + static_cast<std::size_t>(ch - '0'), cap);
  }
  return any ? n : fallback;
}

class TableBuilder {
 public:
  TableBuilder(std::size_t max_cells, bool& over_limit) : max_cells_(max_cells), over_limit_(over_limit) {}

  void Build(const pugi::xml_node& tbl, std::vector<parser::Grid>& out) {
    const std::size_t at = out.size();
    out.emplace_back();
    std::vector<parser::Grid> nested;
    std::vector<pugi::xml_node> rows;
    ChildrenThrough(tbl, "tr", rows);
    for (const pugi::xml_node& tr : rows) {
      std::vector<parser::GridCell> row;
      const parser::Grid& grid = out[at];
      const std::vector<parser::GridCell>* above = grid.rows.empty() ? nullptr : &grid.rows.back();
      const pugi::xml_node trpr = Child(tr, "trPr");
      const std::size_t before = Count(Attr(Child(trpr, "gridBefore"), "val"), 0, max_cells_);
      if (!Push(row, before, {})) return;
      std::vector<pugi::xml_node> cells;
      ChildrenThrough(tr, "tc", cells);
      for (const pugi::xml_node& tc : cells) {
        const pugi::xml_node tcpr = Child(tc, "tcPr");
        const std::size_t span = std::max<std::size_t>(1, Count(Attr(Child(tcpr, "gridSpan"), "val"), 1, max_cells_));
        const pugi::xml_node vmerge = Child(tcpr, "vMerge");
        const bool continues = vmerge && Attr(vmerge, "val") != "restart";
        parser::GridCell cell;
        if (continues) {
          // The restart cell's text, as rowspan copies are made in HTML.
          if (above && row.size() < above->size()) cell.text = (*above)[row.size()].text;
          cell.spanned = true;
        } else {
          std::string text;
          CollectText(tc, text);
          cell.text = CollapseSpace(text);
          for (pugi::xml_node inner : tc.children()) {
            if (Is(inner, "tbl")) Build(inner, nested);
            if (over_limit_) return;
          }
        }
        if (!Push(row, 1, cell)) return;
        cell.spanned = true;
        if (!Push(row, span - 1, cell)) return;
      }
      out[at].source_widths.push_back(static_cast<int>(row.size()));
      out[at].rows.push_back(std::move(row));
    }
    parser::Grid& grid = out[at];
    std::size_t width = 0;
    for (const auto& r : grid.rows) width = std::max(width, r.size());
    for (auto& r : grid.rows) {
      if (r.size() < width) {
        grid.ragged = true;
        r.resize(width);
      }
    }
    if (grid.rows.empty() || width == 0) out.erase(out.begin() + static_cast<std::ptrdiff_t>(at));
    for (auto& g : nested) out.push_back(std::move(g));
  }

 private:
  bool Push(std::vector<parser::GridCell>& row, std::size_t n, const parser::GridCell& cell) {
    if (n > max_cells_ - std::min(cells_, max_cells_)) {
      over_limit_ = true;
      return false;
    }
    cells_ += n;
    row.insert(row.end(), n, cell);
    return true;
  }

  std::size_t max_cells_;
  bool& over_limit_;
  std::size_t cells_ = 0;
};

}  // namespace

std::vector<parser::Grid> ReadDocxTable(const pugi::xml_node& tbl, std::size_t max_cells, bool& over_limit) {
  std::vector<parser::Grid> out;
  TableBuilder(max_cells, over_limit).Build(tbl, out);
  return out;
}

}  // namespace nianbao::documents
