#include "app/cli/text_table.h"

#include <doctest/doctest.h>

using nianbao::app::DisplayWidth;
using nianbao::app::TextTable;

TEST_CASE("display width counts wide characters twice") {
  CHECK(DisplayWidth("abc") == 3);
  CHECK(DisplayWidth("王岗镇") == 6);
  CHECK(DisplayWidth("２０２１年") == 10);
  CHECK(DisplayWidth("（一）") == 6);
  CHECK(DisplayWidth("a\xff" "b") == 3);
  CHECK(DisplayWidth("") == 0);
}

TEST_CASE("tables align Chinese text by display width") {
  TextTable t({"agency", "year", "status"});
  t.AlignRight(1);
  t.AddRow({"南岗区王岗镇", "2021", "parsed"});
  t.AddRow({"木兰县柳河镇", "2022", "attachment"});
  t.AddRow({"x", "2020", "failed"});
  CHECK(t.Render() ==
        "agency        year  status\n"
        "------------  ----  ----------\n"
        "南岗区王岗镇  2021  parsed\n"
        "木兰县柳河镇  2022  attachment\n"
        "x             2020  failed\n");
}
