// Who published a report and for which year, read from its title or, when the
// title does not say (seed 003's title is just "2021"), from the body's contact
// sentence. Only reliable patterns are used; otherwise the result is empty.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/sections.h"

namespace nianbao::parser {

// The first plausible report year (2000–2099) written as digits before "年"
// or standing alone, e.g. "南岗区王岗镇2021年…" → 2021, "2021" → 2021.
std::optional<int> YearFromText(std::string_view text);

// The text before the year in a title ("木兰县柳河镇2022年政府信息…" →
// "木兰县柳河镇"), or "" when the title starts with the year.
std::string AgencyFromTitle(std::string_view title);

// "如有疑问可联系南岗区企业和投资服务局办公室" → "南岗区企业和投资服务局",
// searched in the first `max_blocks` blocks; "" when no such sentence.
std::string AgencyFromBody(const std::vector<TextBlock>& blocks, std::size_t max_blocks = 6);

}  // namespace nianbao::parser
