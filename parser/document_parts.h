// DocumentParts: what every reader of a report's form hands to the one
// pipeline that turns it into a Report: a title, paragraphs, tables as Grids,
// links. HTML pages (html/article.h), plain text (tables/text_grid.h) and the
// document readers (documents/: PDF, DOCX, XLSX, DOC) all end here, so one
// identity module, one section splitter, one table mapper and one set of
// checks serve every form.
//
// Plain data; no I/O. AssembleReport never fails: parts with no table give a
// Report with tables_found false and a warning saying so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/report.h"
#include "parser/sections.h"
#include "parser/tables/grid.h"

namespace nianbao::parser {

struct DocumentParts {
  DocumentKind kind = DocumentKind::kNone;  // the form the parts were read from
  std::string title;                        // "" when the form has none (identity then reads the blocks)
  std::optional<std::string> published;     // YYYY-MM-DD: the page's date, or a document's signature date
  std::string content_source;               // the page's ContentSource meta, "" elsewhere
  std::vector<TextBlock> blocks;            // paragraphs and headings in reading order, table text excluded
  std::vector<Grid> tables;                 // in document order; Grid::page set for paged forms
  std::vector<Attachment> attachments;      // links of a page; empty for documents
  std::vector<std::string> warnings;        // what the reader could not read, naming where (page, table, cell)
  int pages = 0;                            // pages of a paged form (PDF), 0 elsewhere
};

// Identity, sections, tables mapped to the canonical keys, checks, warnings.
// `url` is where the bytes came from (nullopt when unknown).
Report AssembleReport(DocumentParts parts, std::optional<std::string> url);

}  // namespace nianbao::parser
