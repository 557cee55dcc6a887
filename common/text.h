// Text helpers every room may use: spaces as Chinese pages write them
// (ASCII, U+3000, U+00A0) and dates as they write them. Pure functions over
// UTF-8 strings; invalid bytes are kept, never rejected.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nianbao {

// `s` without leading/trailing ASCII whitespace, U+3000 and U+00A0.
std::string_view TrimSpace(std::string_view s);
// `s` with every ASCII whitespace, U+3000 and U+00A0 removed.
std::string RemoveSpaces(std::string_view s);

// The first date in `text` as "YYYY-MM-DD": 2021-01-05, 2021/1/5, 2021.1.5,
// 2021年1月5日, "2021 年 3 月 5 日", [2021-01-05], "2026-09-30 17:18". The one
// date rule of the project: years 1990-2100, months 1-12, days 1-31 (a 31st of
// February passes); the year must not follow a digit. nullopt when none.
std::optional<std::string> FindDate(std::string_view text);

}  // namespace nianbao
