// RichParts: DocumentParts with every field set (and a Grid with spanned
// cells, ragged rows, a caption and a page), built from the known input
// text, for the wire round trips of isolation_test and misbehaving_reader.
#pragma once

#include <string>

#include "parser/document_parts.h"

namespace nianbao::testing {

inline parser::DocumentParts RichParts(const std::string& input) {
  parser::DocumentParts p;
  p.kind = parser::DocumentKind::kPdf;
  p.title = "某县人民政府2023年政府信息公开工作年度报告";
  p.published = "2024-01-31";
  p.content_source = "县政府办";
  p.blocks = {{"一、总体情况", true}, {"本年度共收到申请 12 件。\t\"quoted\"\\", false}, {input, false}};
  parser::Grid g;
  g.rows = {{{"信息内容", false}, {"本年制发件数", false}, {"本年制发件数", true}},
            {{"规章", false}, {"3", false}, {"", false}}};
  g.caption = "二、主动公开政府信息情况";
  g.ragged = true;
  g.source_widths = {2, 3};
  g.page = 4;
  parser::Grid empty;
  p.tables = {g, empty};
  p.attachments = {{"http://example.gov.cn/a.pdf", "附件", "pdf"}};
  p.warnings = {"PDF page 4: table 1 row 2 column 3: unreadable cell"};
  p.pages = 7;
  return p;
}

}  // namespace nianbao::testing
