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
std::vector<Section> SplitSections(const std::vector<TextBlock>& blocks);

}  // namespace nianbao::parser
