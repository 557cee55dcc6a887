// Tests for app/text_reuse.h on real report texts (tests/fixtures/seeds).
#include "analysis/text_reuse.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace nianbao::analysis {
namespace {

std::string ReadSeed(const char* name) {
  std::ifstream in(std::string(NIANBAO_SOURCE_DIR) + "/tests/fixtures/seeds/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every ASCII digit shifted by 3: same prose, different numbers and years.
std::string ShiftDigits(std::string text) {
  for (char& c : text) {
    if (c >= '0' && c <= '9') c = static_cast<char>('0' + (c - '0' + 3) % 10);
  }
  return text;
}

constexpr char kSeed000[] = "000_05907e7124f8974f.txt";
constexpr char kSeed001[] = "001_b6b282f6157a8fb9.txt";
constexpr char kSeed003[] = "003_266125ce17aa5b9d.txt";

TEST_CASE("the same report with only the numbers changed is fully reused and flagged") {
  const std::string last_year = ReadSeed(kSeed000);
  const TextReuse r = CompareTexts(last_year, ShiftDigits(last_year));
  CHECK(r.sentences_compared > 10);
  CHECK(r.sentence_reuse == doctest::Approx(1.0));
  CHECK(r.shingle_similarity == doctest::Approx(1.0));
  CHECK(r.reused);
}

TEST_CASE("full-width digits are ignored like ASCII ones") {
  const TextReuse r = CompareTexts("我镇全年收到群众来信１２件并全部按期办结。", "我镇全年收到群众来信３件并全部按期办结。");
  CHECK(r.sentences_compared == 1);
  CHECK(r.reused);
}

TEST_CASE("reports of two different agencies are not flagged") {
  const TextReuse a = CompareTexts(ReadSeed(kSeed000), ReadSeed(kSeed001));
  CHECK(a.sentences_compared > 10);
  CHECK(a.sentence_reuse < 0.3);
  CHECK(a.shingle_similarity < 0.3);
  CHECK_FALSE(a.reused);
  const TextReuse b = CompareTexts(ReadSeed(kSeed001), ReadSeed(kSeed003));
  CHECK(b.sentence_reuse < 0.3);
  CHECK_FALSE(b.reused);
}

TEST_CASE("overlap in statutory boilerplate and table rows alone is not reuse") {
  const std::string boilerplate =
      "根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求，编制本报告。"
      "本年度报告中使用数据统计期限为2021年1月1日至2021年12月31日。"
      "如有疑问，请与本机关综合办公室联系，联系电话：0451-12345678。\n"
      "## 二、主动公开政府信息情况\n"
      "| 规章 | 0 | 0 | 0 |\n"
      "| 行政规范性文件 | 1 | 0 | 3 |\n";
  const std::string last = boilerplate + "今年我镇重点推进了村务公开栏的改造工作，更新了全部公示内容。\n";
  const std::string now = boilerplate + "本年度围绕优化营商环境，集中公开涉企政策文件和办事指南。\n";
  const TextReuse r = CompareTexts(last, now);
  CHECK(r.sentences_compared == 1);
  CHECK(r.sentence_reuse == doctest::Approx(0.0));
  CHECK_FALSE(r.reused);
}

TEST_CASE("half the sentences reused is not above the threshold, more is") {
  const std::string a = "甲乙丙丁戊己庚辛壬癸一。", b = "子丑寅卯辰巳午未申酉二。", c = "东南西北中前后左右上三。",
                    d = "春夏秋冬风雨雷电霜雪四。";
  CHECK_FALSE(CompareTexts(a + b, a + c).reused);               // 1 of 2
  CHECK(CompareTexts(a + b + c, a + b + d).reused);             // 2 of 3
  CHECK(CompareTexts("", "").sentences_compared == 0);
  CHECK_FALSE(CompareTexts("", "").reused);
}

TEST_CASE("sentences are normalised: no digits, spaces or punctuation") {
  const auto s = ReuseSentences("我镇 2021 年，共公开信息 61 条；其中不计。\n规章\t0\t0\t0\n| a | b |\n短句。");
  REQUIRE(s.size() == 1);
  CHECK(s[0] == U"我镇年共公开信息条");
}

TEST_CASE("malformed UTF-8 is no wording: overlong letters and surrogates are dropped") {
  // "\xC1\x81" would be an overlong 'A', "\xED\xA0\x80" the surrogate U+D800;
  // both are U+FFFD per byte (common/utf8.h), which carries no wording.
  const std::string overlong_a = "\xC1\x81";
  std::string garbage;
  for (int k = 0; k < 8; ++k) garbage += overlong_a + "\xED\xA0\x80";
  CHECK(ReuseSentences(garbage + "。").empty());
  const auto s = ReuseSentences("我镇" + overlong_a + "全年公开信息条。");
  REQUIRE(s.size() == 1);
  CHECK(s[0] == U"我镇全年公开信息条");
}

}  // namespace
}  // namespace nianbao::analysis
