// A table row split the way a reader splits it: the label on the left (the
// text cells before the first number, spans and wrapping joined), then the
// value cells. Shared by the table mappers; internal to parser/.
#pragma once

#include <vector>

#include "parser/tables/grid.h"
#include "parser/labels.h"

namespace nianbao::parser {

struct RowView {
  std::string label;             // NormalizeLabel of the label cells, joined
  std::vector<CellValue> cells;  // ParseCell of every cell of the row
  int first_value = -1;          // first cell that is a number or an explicit nothing; -1: none
  int last_value = -1;           // last such cell
  bool has_number = false;
};

RowView ViewRow(const std::vector<GridCell>& row);

// True when `s` contains `part`.
inline bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace nianbao::parser
