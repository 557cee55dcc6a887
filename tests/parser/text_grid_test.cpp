#include "parser/tables/text_grid.h"

#include <doctest/doctest.h>

namespace nianbao::parser {
namespace {

std::vector<std::string> Texts(const std::vector<GridCell>& row) {
  std::vector<std::string> out;
  for (const auto& c : row) out.push_back(c.text);
  return out;
}

TEST_CASE("tab-separated rows form one grid, padded to the widest row") {
  TextDocument doc = ParseTextDocument("标题\n\n信息内容\t本年制发件数\t本年废止件数\n规章\t0\t0\n行政许可\t5\n");
  REQUIRE(doc.tables.size() == 1);
  const Grid& g = doc.tables[0];
  CHECK(g.height() == 3);
  CHECK(g.width() == 3);
  CHECK(Texts(g.rows[2]) == std::vector<std::string>{"行政许可", "5", ""});
  CHECK(g.ragged);
  CHECK(g.source_widths == std::vector<int>{3, 3, 2});
}

TEST_CASE("pipe tables drop separator rows and keep empty cells") {
  TextDocument doc = ParseTextDocument("| a | b |  |\n|---|:--:|---|\n| 1 |   | 3 |\n");
  REQUIRE(doc.tables.size() == 1);
  const Grid& g = doc.tables[0];
  REQUIRE(g.height() == 2);
  CHECK(Texts(g.rows[0]) == std::vector<std::string>{"a", "b", ""});
  CHECK(Texts(g.rows[1]) == std::vector<std::string>{"1", "", "3"});
  CHECK_FALSE(g.ragged);
}

TEST_CASE("a blank line or a text line ends a table, the text before is its caption") {
  TextDocument doc = ParseTextDocument("### 三、收到和处理\n\na\t1\n\nb\t2\n中间的文字\nc\t3\n");
  REQUIRE(doc.tables.size() == 3);
  CHECK(doc.tables[0].caption == "三、收到和处理");
  CHECK(doc.tables[1].caption.empty());  // the heading belongs to the first table only
  CHECK(doc.tables[2].caption == "中间的文字");
}

TEST_CASE("headings become emphasized blocks without their markup") {
  TextDocument doc = ParseTextDocument("## 一、总体情况\n正文。\n## **六、其他需要报告事项**\n**七、粗体**\n");
  REQUIRE(doc.blocks.size() == 4);
  CHECK(doc.blocks[0].text == "一、总体情况");
  CHECK(doc.blocks[0].emphasized);
  CHECK(doc.blocks[1].text == "正文。");
  CHECK_FALSE(doc.blocks[1].emphasized);
  CHECK(doc.blocks[2].text == "六、其他需要报告事项");
  CHECK(doc.blocks[3].text == "七、粗体");
  CHECK(doc.blocks[3].emphasized);
}

TEST_CASE("the title joins an agency line with the report line after it") {
  CHECK(ParseTextDocument("\n四方台区人民政府办公室\n\n2021 年政府信息公开工作年度报告\n\n正文").title ==
        "四方台区人民政府办公室2021年政府信息公开工作年度报告");
  CHECK(ParseTextDocument("# 南岗区王岗镇 2021 年 政府信息公开工作年度报告\n正文").title ==
        "南岗区王岗镇2021年政府信息公开工作年度报告");
  CHECK(ParseTextDocument("2021\n\n依据《条例》的规定编制本年度报告。").title == "2021");
}

TEST_CASE("CRLF line ends and whitespace inside cells are normalised") {
  TextDocument doc = ParseTextDocument("a\t 1  2 \r\nb\t3\r\n");
  REQUIRE(doc.tables.size() == 1);
  CHECK(Texts(doc.tables[0].rows[0]) == std::vector<std::string>{"a", "1 2"});
  CHECK(Texts(doc.tables[0].rows[1]) == std::vector<std::string>{"b", "3"});
}

TEST_CASE("limits bound the width and the size of a text table") {
  TextGridLimits limits;
  limits.max_columns = 4;
  limits.max_table_cells = 10;
  std::string text = "1\t2\t3\t4\t5\t6\n";
  for (int i = 0; i < 5; ++i) text += "a\tb\tc\n";
  TextDocument doc = ParseTextDocument(text, limits);
  REQUIRE(doc.tables.size() == 1);
  CHECK(doc.tables[0].width() == 4);
  CHECK(doc.tables[0].height() == 2);  // padded to 4 wide: a third row would make 12 > 10
  CHECK(doc.warnings.size() == 2);
}

TEST_CASE("empty and table-free input give an empty document") {
  CHECK(ParseTextDocument("").tables.empty());
  TextDocument doc = ParseTextDocument("只有一段文字。");
  CHECK(doc.tables.empty());
  CHECK(doc.blocks.size() == 1);
}

}  // namespace
}  // namespace nianbao::parser
