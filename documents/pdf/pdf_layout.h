// The text of PDF pages outside their tables: characters to lines, lines to
// paragraphs in reading order, page-number lines dropped, the title (the
// first large-font lines of page 1) and a signature date. Pure functions on
// pdf_geometry.h data; no MuPDF.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "documents/pdf/pdf_geometry.h"
#include "parser/sections.h"

namespace nianbao::documents::pdf {

struct TextLine {
  std::string text;
  Box box;
  float size = 0;  // the line's largest font size
  int page = 1;    // 1-based
};

struct LaidBlock {
  parser::TextBlock block;
  int page = 1;
  Box box;  // of its first and last line (page space of `page`)
};

// The lines of `chars` not marked in `used`, top to bottom; page-number lines
// ("-4-", "— 4 —", "第4页", "第4页共6页", "4/6", a bare number of up to three
// digits) left out.
std::vector<TextLine> PageLines(const std::vector<PageChar>& chars, const std::vector<bool>& used, int page);

bool IsPageNumberLine(std::string_view text);

// Paragraphs from lines of all pages in order: a line starts a paragraph when
// it is indented, follows a short line, changes font size, follows a gap, or
// is a numbered heading ("一、总体情况", "（一）…" starts one too); a heading
// "一、…" is its own block, emphasized. `left`/`right` are the text margins.
std::vector<LaidBlock> Paragraphs(const std::vector<TextLine>& lines, float left, float right);

// The title: the run of consecutive page-1 lines in the largest font there,
// when that font is clearly larger than the body's (`body_size`), joined; ""
// when page 1 has no such line. `*first`/`*count` say which lines it used.
std::string TitleLines(const std::vector<TextLine>& lines, float body_size, std::size_t* first, std::size_t* count);

// A signature date among the last blocks: a short block that is a date
// ("2025年1月20日") as YYYY-MM-DD; nullopt when the document ends otherwise.
std::optional<std::string> SignatureDate(const std::vector<LaidBlock>& blocks);

}  // namespace nianbao::documents::pdf
