#include "parser/tables/grid_rows.h"

namespace nianbao::parser {

RowView ViewRow(const std::vector<GridCell>& row) {
  RowView v;
  std::string last_piece;
  for (std::size_t i = 0; i < row.size(); ++i) {
    CellValue c = ParseCell(row[i].text);
    v.cells.push_back(c);
    if (c.is_value()) {
      if (v.first_value < 0) v.first_value = static_cast<int>(i);
      v.last_value = static_cast<int>(i);
      v.has_number = v.has_number || c.is_number();
      continue;
    }
    // A rowspan/colspan copy repeats its neighbour's label; join it once.
    if (c.kind == CellValue::Kind::kText && v.first_value < 0) {
      std::string piece = NormalizeLabel(row[i].text);
      if (piece != last_piece) v.label += piece;
      last_piece = piece;
    }
  }
  return v;
}

}  // namespace nianbao::parser
