#include "parser/sections.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/parser/html_test_util.h"

namespace nianbao::parser {
namespace {

// A seed report as text blocks: one block per non-blank line, as the text
// input path gives them.
std::vector<TextBlock> SeedBlocks(const std::string& name) {
  std::istringstream in(testing::ReadFixture("seeds/" + name));
  std::vector<TextBlock> blocks;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) blocks.push_back({line, false});
  }
  return blocks;
}

std::vector<TextBlock> Blocks(std::initializer_list<std::pair<const char*, bool>> items) {
  std::vector<TextBlock> out;
  for (const auto& [text, bold] : items) out.push_back({text, bold});
  return out;
}

std::vector<int> Numbers(const std::vector<Section>& s) {
  std::vector<int> out;
  for (const Section& x : s) out.push_back(x.number);
  return out;
}

std::vector<std::string> Headings(const std::vector<Section>& s) {
  std::vector<std::string> out;
  for (const Section& x : s) out.push_back(x.heading);
  return out;
}

const std::vector<std::string> kStandard{
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"};

TEST_CASE("seed 000: markdown headings of several levels, bold last heading") {
  const std::vector<Section> s = SplitSections(SeedBlocks("000_05907e7124f8974f.txt"));
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4, 5, 6});
  CHECK(s[5].heading == "其他需要报告事项");  // "## **六、其他需要报告事项**"
  // Sub-items and inline lists stay in their section's text.
  CHECK(s[0].text.find("（一）主动公开情况") != std::string::npos);
  CHECK(s[4].text.find("一是制度机制建设不够") != std::string::npos);
  // Table rows numbered 一、二、三、四、 are not headings.
  CHECK(s[2].text.find("四、结转下年度继续办理") != std::string::npos);
}

TEST_CASE("seed 001 and 002: plain numbered headings, the standard six") {
  for (const char* seed : {"001_b6b282f6157a8fb9.txt", "002_92555819c5a40380.txt"}) {
    CAPTURE(seed);
    const std::vector<Section> s = SplitSections(SeedBlocks(seed));
    CHECK(Headings(s) == kStandard);
    CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4, 5, 6});
  }
}

TEST_CASE("seed 003: a misplaced first heading, an added section, 七、") {
  const std::vector<Section> s = SplitSections(SeedBlocks("003_266125ce17aa5b9d.txt"));
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4, 5, 6, 7});
  // The heading text repeats; both sections keep their own text.
  CHECK(s[0].heading == "主动公开政府信息情况");
  CHECK(s[1].heading == "主动公开政府信息情况");
  CHECK(s[0].text.find("我局主动公开信息 0 条") != std::string::npos);
  CHECK(s[5].heading == "重点工作落实情况");
  CHECK(s[6].heading == "其他需要报告的事项");
}

TEST_CASE("seed 004: heading with its content after a colon, signature kept") {
  const std::vector<Section> s = SplitSections(SeedBlocks("004_89021225479577a3.txt"));
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4, 5, 6});
  CHECK(s[4].heading == "存在的主要问题及改进措施");
  CHECK(s[5].heading == "其他需要报告的事项");
  CHECK(s[5].text.rfind("无", 0) == 0);
  CHECK(s[0].text.find("(一) 主动公开") != std::string::npos);
}

TEST_CASE("punctuation variants: 一 、, 一., 一．, full-width spaces, ## 一、") {
  const std::vector<Section> s = SplitSections(Blocks({
      {"引言段落。", false},
      {"一 、总体情况", false},
      {"正文一", false},
      {"二.主动公开政府信息情况", false},
      {"三．收到和处理政府信息公开申请情况", false},
      {"　　四、　政府信息公开行政复议、行政诉讼情况", false},
      {"## 五、存在的主要问题及改进情况", false},
      {"六，其他需要报告的事项", false},
      {"无。", false},
  }));
  CHECK(Headings(s) == kStandard);
  CHECK(s[0].text == "正文一");
  CHECK(s[5].text == "无。");
}

TEST_CASE("sub-items numbered 一、二、 inside a section are not sections") {
  const std::vector<Section> s = SplitSections(Blocks({
      {"一、总体情况", true},
      {"一、加强组织领导", false},
      {"二、完善工作制度", false},
      {"三、强化平台建设", false},
      {"二、主动公开政府信息情况", true},
      {"三、收到和处理政府信息公开申请情况", true},
      {"四、政府信息公开行政复议、行政诉讼情况", true},
      {"五、存在的主要问题及改进情况", true},
      {"一是制度不够。二是人员不足。", false},
      {"六、其他需要报告的事项", true},
  }));
  CHECK(Headings(s) == kStandard);
  CHECK(s[0].text == "一、加强组织领导\n二、完善工作制度\n三、强化平台建设");
  CHECK(s[4].text == "一是制度不够。二是人员不足。");
}

TEST_CASE("unnumbered bold headings and missing numbers") {
  const std::vector<Section> s = SplitSections(Blocks({
      {"总体情况", true},
      {"正文。", false},
      {"主动公开政府信息情况", false},  // not bold, no number: text
      {"三、收到和处理政府信息公开申请情况", false},
      {"五、存在的主要问题及改进情况", false},
  }));
  CHECK(Numbers(s) == std::vector<int>{0, 3, 5});
  CHECK(s[0].heading == "总体情况");
  CHECK(s[0].text == "正文。\n主动公开政府信息情况");
}

TEST_CASE("a paragraph that starts with a number is not a heading, no headings → empty") {
  CHECK(SplitSections({}).empty());
  const std::vector<Section> s = SplitSections(Blocks({
      {"一是加强领导，二是完善制度。", false},
      {"（一）主动公开情况", true},
      {"十分重视政务公开工作，全年召开专题会议三次，研究部署政府信息公开工作，推动各项任务落实到位。", false},
  }));
  CHECK(s.empty());
}

TEST_CASE("heading and text in one paragraph") {
  const std::vector<Section> s = SplitSections(Blocks({
      {"一、总体情况。2021年，我局认真贯彻落实《条例》。", false},
      {"二、主动公开政府信息情况", false},
  }));
  REQUIRE(s.size() == 2);
  CHECK(s[0].heading == "总体情况");
  CHECK(s[0].text == "2021年，我局认真贯彻落实《条例》。");
}

}  // namespace
}  // namespace nianbao::parser
