// Splitting a report body into its numbered sections (一、总体情况 … 六、其他需要报告
// 的事项, 七、 when an agency adds one). Works on plain text blocks so HTML and
// plain-text inputs share it.
#pragma once

#include <string>
#include <vector>

#include "parser/report.h"

namespace nianbao::parser {

struct TextBlock {
  std::string text;         // one paragraph or heading, UTF-8, trimmed
  bool emphasized = false;  // a heading element or a bold/strong paragraph
};

// Sections in document order. Text before the first heading is dropped from
// sections (it stays in Report::body_text). Never fails: no headings → empty.
//
// A heading is a block (no tab or '|': those are table rows) that starts,
// after markdown "#"/"**" and spaces, with a Chinese numeral 一…十 and a
// separator (、 . ． ， ： or a space) and is at most 40 characters up to the
// first ：/。 (what follows becomes section text, as in "六、其他需要报告的事项：无").
// An emphasized or markdown block of standard words without a number
// ("总体情况") is a heading with number 0; "（一）…" never is. Among the
// candidates the highest-scoring sequence with increasing numbers wins,
// scored by standard words and emphasis, so sub-items "一、二、" inside a
// section and inline "一是…二是…" stay text, and a repeated heading text
// (seed 003) does not break the order.
std::vector<Section> SplitSections(const std::vector<TextBlock>& blocks);

}  // namespace nianbao::parser
