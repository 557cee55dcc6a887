// The PDF reader's geometry on synthetic pages: lattice cells from rulings
// (spans, open cells, a page-break join), characters to cell text, and the
// text layout (page numbers, paragraphs, title, signature date).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/utf8.h"
#include "documents/pdf/pdf_lattice.h"
#include "documents/pdf/pdf_layout.h"

namespace nianbao::documents::pdf {
namespace {

Ruling H(float x0, float x1, float y) { return {x0, y, x1, y}; }
Ruling V(float x, float y0, float y1) { return {x, y0, x, y1}; }

// Characters of `text` laid left to right from (x, y), 10 pt each, on `line`.
void Put(std::vector<PageChar>& out, std::u32string_view text, float x, float y, int line, float size = 10) {
  for (char32_t c : text) {
    out.push_back(PageChar{c, Box{x, y, x + size, y + size}, size, line});
    x += size;
  }
}

std::vector<std::string> Row(const parser::Grid& g, std::size_t r) {
  std::vector<std::string> out;
  for (const auto& c : g.rows[r]) out.push_back((c.spanned ? "~" : "") + c.text);
  return out;
}

TEST_CASE("a full grid of lines gives one cell per box, text by box centre") {
  // 3 columns (0-100-200-300) x 2 rows (0-20-40).
  std::vector<Ruling> r = {H(0, 300, 0), H(0, 300, 20), H(0, 300, 40), V(0, 0, 40), V(100, 0, 40), V(200, 0, 40),
                           V(300, 0, 40)};
  std::vector<PageChar> chars;
  Put(chars, U"规章", 5, 5, 0);
  Put(chars, U"12", 105, 5, 1);
  Put(chars, U"3", 205, 5, 2);
  Put(chars, U"外", 400, 5, 3);  // outside the table
  std::vector<LatticeTable> tables = FindLattices(r, 1000);
  REQUIRE(tables.size() == 1);
  std::vector<bool> used(chars.size(), false);
  FillCells(tables[0], chars, &used);
  parser::Grid g = ToGrid(tables[0]);
  REQUIRE(g.height() == 2);
  CHECK(Row(g, 0) == std::vector<std::string>{"规章", "12", "3"});
  CHECK(Row(g, 1) == std::vector<std::string>{"", "", ""});
  CHECK(!used.back());
  CHECK(!g.ragged);
}

TEST_CASE("a missing inner line is a span: copies flagged like HTML rowspan and colspan") {
  // Row 0: one cell across all three columns (no verticals at 100, 200 there).
  // Column 0: rows 1 and 2 one cell (no horizontal at y=40 under column 0).
  std::vector<Ruling> r = {H(0, 300, 0),  H(0, 300, 20),   H(100, 300, 40), H(0, 300, 60),
                           V(0, 0, 60),   V(100, 20, 60),  V(200, 20, 60),  V(300, 0, 60)};
  std::vector<PageChar> chars;
  Put(chars, U"第二十条", 5, 5, 0);
  Put(chars, U"三、", 5, 25, 1);
  Put(chars, U"结果", 5, 45, 2);  // a label wrapped over two lines in one cell
  Put(chars, U"1", 105, 25, 3);
  Put(chars, U"2", 105, 45, 4);
  std::vector<LatticeTable> tables = FindLattices(r, 1000);
  REQUIRE(tables.size() == 1);
  std::vector<bool> used(chars.size(), false);
  FillCells(tables[0], chars, &used);
  parser::Grid g = ToGrid(tables[0]);
  REQUIRE(g.height() == 3);
  CHECK(Row(g, 0) == std::vector<std::string>{"第二十条", "~第二十条", "~第二十条"});
  CHECK(Row(g, 1) == std::vector<std::string>{"三、结果", "1", ""});
  CHECK(Row(g, 2) == std::vector<std::string>{"~三、结果", "2", ""});
}

TEST_CASE("a number printed over two lines in a narrow cell is one number, Latin words keep a space") {
  std::vector<PageChar> chars;
  Put(chars, U"1", 0, 0, 0);
  Put(chars, U"3", 0, 12, 1);
  CHECK(JoinLineChars(chars) == "13");
  chars.clear();
  Put(chars, U"ab", 0, 0, 0);
  Put(chars, U"cd", 0, 12, 1);
  CHECK(JoinLineChars(chars) == "ab cd");
  chars.clear();
  Put(chars, U"2024 年 结 果", 0, 0, 0);
  CHECK(JoinLineChars(chars) == "2024年结果");
}

TEST_CASE("a row printed with fewer cells leaves an open cell: padding, and the grid is ragged") {
  // Two rows; the second has no cell at column 2 (no right line there).
  std::vector<Ruling> r = {H(0, 300, 0), H(0, 300, 20), H(0, 200, 40), V(0, 0, 40), V(100, 0, 40), V(200, 0, 40),
                           V(300, 0, 20)};
  std::vector<PageChar> chars;
  Put(chars, U"4", 105, 25, 0);
  std::vector<LatticeTable> tables = FindLattices(r, 1000);
  REQUIRE(tables.size() == 1);
  std::vector<bool> used(chars.size(), false);
  FillCells(tables[0], chars, &used);
  parser::Grid g = ToGrid(tables[0]);
  REQUIRE(g.height() == 2);
  CHECK(Row(g, 1) == std::vector<std::string>{"", "4", ""});
  CHECK(g.ragged);
  CHECK(g.source_widths == std::vector<int>{3, 2});
}

TEST_CASE("lines a couple of points apart are one grid line, a grid over the cell bound is left out") {
  std::vector<Ruling> r = {H(0, 200, 0), H(0, 200, 20), H(0, 200, 22.5f), H(0, 200, 40),
                           V(0, 0, 40),  V(100, 0, 40), V(200, 0, 40)};
  std::vector<LatticeTable> tables = FindLattices(r, 1000);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0].ys.size() == 3);
  CHECK(FindLattices(r, 3).empty());
}

TEST_CASE("a table cut by a page break: a label cut by the break joins, rows of their own do not") {
  // Page A: rows 0-20 (label "（四）无" | "1.甲" | "7"); page B laid below from 20:
  // label "法提供" spanning two rows, "2.乙" | "5", "3.丙" | "6"; a soft line at 20.
  std::vector<Ruling> r = {H(0, 300, 0),   H(0, 300, 20),   H(100, 300, 40), H(0, 300, 60), V(0, 0, 60),
                           V(100, 0, 60), V(200, 0, 60),   V(300, 0, 60)};
  std::vector<PageChar> chars;
  Put(chars, U"（四）无", 2, 5, 0, 8);
  Put(chars, U"1.甲", 105, 5, 1);
  Put(chars, U"7", 205, 5, 2);
  Put(chars, U"法提供", 2, 35, 3, 8);
  Put(chars, U"2.乙", 105, 25, 4);
  Put(chars, U"5", 205, 25, 5);
  Put(chars, U"3.丙", 105, 45, 6);
  Put(chars, U"6", 205, 45, 7);
  LatticeTable t = BuildLattice(r, {20}, chars, 1000);
  parser::Grid g = ToGrid(t);
  REQUIRE(g.height() == 3);
  CHECK(Row(g, 0) == std::vector<std::string>{"（四）无法提供", "1.甲", "7"});
  CHECK(Row(g, 1) == std::vector<std::string>{"~（四）无法提供", "2.乙", "5"});
  CHECK(Row(g, 2) == std::vector<std::string>{"~（四）无法提供", "3.丙", "6"});
  // Without the soft line the cut stays: two labels.
  parser::Grid hard = ToGrid(BuildLattice(r, {}, chars, 1000));
  CHECK(Row(hard, 1)[0] == "法提供");
}

TEST_CASE("page-number lines are told from text") {
  for (const char* s : {"-4-", "- 4 -", "— 4 —", "第4页", "第 4 页 共 6 页", "4/6", "4", "－3－"}) {
    INFO(std::string(s));
    CHECK(IsPageNumberLine(s));
  }
  for (const char* s : {"2024年", "一、总体情况", "4件", "第4项", "3119", "1/2/3"}) {
    INFO(std::string(s));
    CHECK(!IsPageNumberLine(s));
  }
}

TextLine Line(std::string text, float x0, float x1, float y, float size = 12, int page = 1) {
  return TextLine{std::move(text), Box{x0, y, x1, y + size}, size, page};
}

TEST_CASE("lines become paragraphs, a numbered heading is its own emphasized block") {
  std::vector<TextLine> lines = {
      Line("一、总体情况", 100, 200, 100),
      Line("本年度我市认真贯彻", 124, 500, 120),  // indented: a paragraph starts
      Line("条例各项规定。", 100, 300, 135),       // continues, ends short
      Line("（一）主动公开情况。", 124, 500, 150),
      Line("第二行", 100, 500, 165, 12, 2),        // page 2, continues a full line
  };
  std::vector<LaidBlock> blocks = Paragraphs(lines, 100, 500);
  REQUIRE(blocks.size() == 3);
  CHECK(blocks[0].block.text == "一、总体情况");
  CHECK(blocks[0].block.emphasized);
  CHECK(blocks[1].block.text == "本年度我市认真贯彻条例各项规定。");
  CHECK(!blocks[1].block.emphasized);
  CHECK(blocks[2].block.text == "（一）主动公开情况。第二行");
}

TEST_CASE("the title is page 1's largest font, the signature date is read from the end") {
  std::vector<TextLine> lines = {Line("某市人民政府", 100, 300, 50, 22), Line("2024年年度报告", 100, 300, 80, 22),
                                 Line("正文", 100, 500, 120, 12), Line("正文", 100, 500, 140, 12),
                                 Line("正文", 100, 500, 160, 12)};
  std::size_t first = 9, count = 9;
  CHECK(TitleLines(lines, 12, &first, &count) == "某市人民政府2024年年度报告");
  CHECK(first == 0);
  CHECK(count == 2);
  std::vector<TextLine> flat = {Line("正文", 100, 500, 120, 12)};
  CHECK(TitleLines(flat, 12, &first, &count).empty());

  std::vector<LaidBlock> blocks = {{{"正文写于2024年3月1日之前的事", false}, 1, {}},
                                   {{"某市人民政府", false}, 6, {}},
                                   {{"2025年1月20日", false}, 6, {}}};
  CHECK(SignatureDate(blocks) == std::optional<std::string>("2025-01-20"));
  blocks.pop_back();
  blocks.pop_back();
  CHECK(SignatureDate(blocks) == std::nullopt);
}

}  // namespace
}  // namespace nianbao::documents::pdf
