// Stream tables (documents/pdf/pdf_stream.h) on synthetic pages without
// rulings: cells from text alignment, wrapped labels and captions, spanning
// labels and group captions, headings ending a table, body text left alone.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "documents/pdf/pdf_stream.h"

namespace nianbao::documents::pdf {
namespace {

// Characters of `text` laid left to right from (x, y), 10 pt each, on a new line.
void Put(std::vector<PageChar>& out, std::u32string_view text, float x, float y) {
  static int line = 0;
  ++line;
  for (char32_t c : text) {
    out.push_back(PageChar{c, Box{x, y, x + 10, y + 10}, 10, line});
    x += 10;
  }
}

std::vector<std::string> Row(const parser::Grid& g, std::size_t r) {
  std::vector<std::string> out;
  for (const auto& c : g.rows[r]) out.push_back((c.spanned ? "~" : "") + c.text);
  return out;
}

using Strings = std::vector<std::string>;

TEST_CASE("rows of a label and numbers under captions are one table, the heading above is its caption") {
  std::vector<PageChar> chars;
  Put(chars, U"第二十条第（一）项", 150, 0);  // a heading: one text in its row
  Put(chars, U"信息内容", 20, 30);
  Put(chars, U"本年制发件数", 120, 30);
  Put(chars, U"现行有效件数", 250, 30);
  Put(chars, U"规章", 30, 60);
  Put(chars, U"3", 145, 60);
  Put(chars, U"12", 275, 60);
  Put(chars, U"行政规范性文件", 5, 90);
  Put(chars, U"0", 145, 90);
  Put(chars, U"7", 275, 90);
  Put(chars, U"二、收到和处理政府信息公开申请情况", 0, 130);  // the next heading ends it
  std::vector<bool> used(chars.size(), false);
  std::vector<StreamTable> tables = FindStreamTables(chars, &used, 10000);
  REQUIRE(tables.size() == 1);
  const parser::Grid& g = tables[0].grid;
  CHECK(g.caption == "第二十条第（一）项");
  REQUIRE(g.height() == 3);
  CHECK(Row(g, 0) == Strings{"信息内容", "本年制发件数", "现行有效件数"});
  CHECK(Row(g, 1) == Strings{"规章", "3", "12"});
  CHECK(Row(g, 2) == Strings{"行政规范性文件", "0", "7"});
  CHECK(g.source_widths == std::vector<int>{3, 3, 3});
  // The table's characters are taken, the headings are not.
  CHECK(!used.front());
  CHECK(!used.back());
  CHECK(used[9]);
}

TEST_CASE("a label wrapped over two close lines is one cell, a label over the label columns spans them") {
  std::vector<PageChar> chars;
  Put(chars, U"自然", 200, 0);  // a caption over two lines
  Put(chars, U"人", 205, 10.5f);
  Put(chars, U"总计", 250, 5);
  Put(chars, U"一、本年新收申请数量", 0, 40);  // across both label columns
  Put(chars, U"4", 205, 40);
  Put(chars, U"4", 255, 40);
  Put(chars, U"三、办理", 0, 70);
  Put(chars, U"结果", 10, 80.5f);
  Put(chars, U"（一）予以公开", 100, 75);
  Put(chars, U"2", 205, 75);
  Put(chars, U"2", 255, 75);
  Put(chars, U"（二）部分公开", 100, 110);
  Put(chars, U"2", 205, 110);
  Put(chars, U"2", 255, 110);
  Put(chars, U"（三）不予公开", 100, 145);
  Put(chars, U"0", 205, 145);
  Put(chars, U"0", 255, 145);
  std::vector<bool> used(chars.size(), false);
  std::vector<StreamTable> tables = FindStreamTables(chars, &used, 10000);
  REQUIRE(tables.size() == 1);
  const parser::Grid& g = tables[0].grid;
  REQUIRE(g.height() == 5);
  CHECK(Row(g, 0) == Strings{"", "", "自然人", "总计"});
  CHECK(Row(g, 1) == Strings{"一、本年新收申请数量", "~一、本年新收申请数量", "4", "4"});
  CHECK(Row(g, 2) == Strings{"三、办理结果", "（一）予以公开", "2", "2"});
  CHECK(Row(g, 3) == Strings{"", "（二）部分公开", "2", "2"});
  CHECK(Row(g, 4) == Strings{"", "（三）不予公开", "0", "0"});
}

TEST_CASE("a group caption over value columns is a span, the columns come from the numbers under it") {
  std::vector<PageChar> chars;
  Put(chars, U"行政复议", 20, 0);  // over 维持 and 纠正, wider than neither gap
  Put(chars, U"维持", 0, 30);
  Put(chars, U"纠正", 50, 30);
  Put(chars, U"1", 5, 60);
  Put(chars, U"0", 55, 60);
  std::vector<bool> used(chars.size(), false);
  std::vector<StreamTable> tables = FindStreamTables(chars, &used, 10000);
  REQUIRE(tables.size() == 1);
  const parser::Grid& g = tables[0].grid;
  REQUIRE(g.height() == 2);  // the group caption alone in its row is a heading
  CHECK(g.caption == "行政复议");
  CHECK(Row(g, 0) == Strings{"维持", "纠正"});
  CHECK(Row(g, 1) == Strings{"1", "0"});
}

TEST_CASE("body text and rows of words without a number are not tables") {
  std::vector<PageChar> chars;
  Put(chars, U"一年来，我镇政府信息公开工作虽取得一定成绩。", 0, 0);
  Put(chars, U"分享到：", 0, 30);
  Put(chars, U"新浪微博", 100, 30);
  Put(chars, U"打印本页", 0, 60);
  Put(chars, U"关闭窗口", 100, 60);
  Put(chars, U"2024年", 0, 100);  // a row of one text is no table row, a year is no number cell
  std::vector<bool> used(chars.size(), false);
  CHECK(FindStreamTables(chars, &used, 10000).empty());
  CHECK(std::none_of(used.begin(), used.end(), [](bool u) { return u; }));
}

TEST_CASE("a single row, and a table over the cell limit, are left out") {
  std::vector<PageChar> chars;
  Put(chars, U"规章", 0, 0);
  Put(chars, U"1", 100, 0);
  Put(chars, U"行政许可", 0, 30);
  Put(chars, U"2", 100, 30);
  std::vector<bool> used(chars.size(), false);
  std::vector<PageChar> first_row(chars.begin(), chars.begin() + 3);
  CHECK(FindStreamTables(first_row, &used, 10000).empty());
  CHECK(FindStreamTables(chars, &used, 3).empty());
  CHECK(FindStreamTables(chars, &used, 4).size() == 1);
}

}  // namespace
}  // namespace nianbao::documents::pdf
