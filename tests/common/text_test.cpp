// common/text.h: spaces and dates as Chinese government pages write them.
// FindDate is the one date finder: it keeps what the crawler's list scanner and
// the parser's article-date reader each accepted before they were merged.
#include "common/text.h"

#include <doctest/doctest.h>

namespace nianbao {
namespace {

TEST_CASE("TrimSpace and RemoveSpaces know U+3000 and U+00A0") {
  CHECK(TrimSpace("\u3000 年报\u00a0\n") == "年报");
  CHECK(TrimSpace("\u3000\u00a0") == "");
  CHECK(RemoveSpaces("南 岗\u3000区\u00a0政府") == "南岗区政府");
}

TEST_CASE("FindDate: the list scanner's forms") {
  CHECK(FindDate("2021-01-05") == "2021-01-05");
  CHECK(FindDate("2021/1/5") == "2021-01-05");
  CHECK(FindDate("2021.1.5") == "2021-01-05");
  CHECK(FindDate("2021年1月5日") == "2021-01-05");
  CHECK(FindDate("[2021-01-05]") == "2021-01-05");
  CHECK(FindDate("南岗区2021年报 2022-01-20") == "2022-01-20");  // the first that is a date
  CHECK(FindDate("2099-12-31") == "2099-12-31");
  CHECK(FindDate("1990-01-01") == "1990-01-01");
  CHECK_FALSE(FindDate("1989-12-31").has_value());
  CHECK_FALSE(FindDate("2021-1-").has_value());
  CHECK_FALSE(FindDate("2021-001-05").has_value());
  CHECK_FALSE(FindDate("2021-01-051").has_value());
  CHECK_FALSE(FindDate("2021-00-05").has_value());
  CHECK_FALSE(FindDate("2021-01-32").has_value());
  CHECK_FALSE(FindDate("").has_value());
}

TEST_CASE("FindDate: the article reader's forms") {
  CHECK(FindDate("2026-09-30 17:18") == "2026-09-30");
  CHECK(FindDate("发布日期：2021年3月5日") == "2021-03-05");
  CHECK(FindDate("2021/3/5") == "2021-03-05");
  CHECK(FindDate("2021.12.31") == "2021-12-31");
  CHECK(FindDate("2021 年 3 月 5 日") == "2021-03-05");  // spaced by the page's editor
  CHECK(FindDate("2021 - 03 - 05") == "2021-03-05");
  CHECK(FindDate("2100-01-01") == "2100-01-01");
  CHECK_FALSE(FindDate("2021-13-01").has_value());
  CHECK_FALSE(FindDate("12021-01-01x").has_value());  // a year may not follow a digit
  CHECK_FALSE(FindDate("浏览次数：128").has_value());
  CHECK_FALSE(FindDate("2101-01-01").has_value());
}

TEST_CASE("FindDate: 年 and 月 mark their own places only") {
  CHECK_FALSE(FindDate("2021月3年5").has_value());
  CHECK_FALSE(FindDate("2021年3年5").has_value());
  CHECK(FindDate("2021年3-5") == "2021-03-05");  // a mixed but ordered form
}

}  // namespace
}  // namespace nianbao
