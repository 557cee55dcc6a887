// Plain text (a converted PDF/DOC/DOCX report, or a saved .txt) to the same raw
// parts an HTML page gives: a title, body blocks and tables as Grids, so one
// table mapper serves both inputs.
//
// Tables are runs of consecutive lines that are tab-separated rows or
// markdown/pipe rows ("| a | b |"); "|---|" separator rows are dropped; a blank
// line or any other line ends the table. Markdown headings ("## 一、…") and
// whole-line bold ("**六、…**") become emphasized blocks. Rows shorter than the
// widest row of their table are padded at the end (Grid::ragged).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parser/tables/grid.h"
#include "parser/sections.h"

namespace nianbao::parser {

struct TextGridLimits {
  std::size_t max_columns = 256;       // cells past this in a row are dropped (and warned)
  std::size_t max_table_cells = 200000;  // a table stops growing past this
};

struct TextDocument {
  std::string title;                  // first line(s) of the text, markup and CJK-adjacent spaces removed
  std::vector<TextBlock> blocks;      // paragraphs and headings in order, table lines excluded
  std::vector<Grid> tables;           // in document order
  std::vector<std::string> warnings;  // limits hit
};

// `utf8` must be UTF-8. Never fails.
TextDocument ParseTextDocument(std::string_view utf8, const TextGridLimits& limits = {});

// Whitespace-collapsed, trimmed; spaces next to a CJK character are dropped
// ("南岗区王岗镇 2021 年" → "南岗区王岗镇2021年"), as PDF converters insert them.
std::string TidyTitle(std::string_view text);

}  // namespace nianbao::parser
