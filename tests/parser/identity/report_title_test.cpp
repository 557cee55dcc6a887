#include "parser/identity/report_title.h"

#include <doctest/doctest.h>

#include <string>

namespace nianbao::parser {
namespace {

struct Expect {
  const char* title;
  int year;
  const char* agency;
};

TEST_CASE("seed report titles are annual reports with year and agency") {
  const Expect cases[] = {
      {"南岗区王岗镇 2021 年 政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"文化街道办事处 2020 年度政府信息公开工作年度报告", 2020, "文化街道办事处"},
      {"四方台区人民政府办公室2021年政府信息公开工作年度报告", 2021, "四方台区人民政府办公室"},
      {"四方台区人民政府办公室\n\n2021 年政府信息公开工作年度报告", 2021, "四方台区人民政府办公室"},
      {"木兰县柳河镇 2022 年 政府信息公开工作年度报告", 2022, "木兰县柳河镇"},
  };
  for (const Expect& e : cases) {
    CAPTURE(e.title);
    ReportTitle t = ClassifyTitle(e.title);
    CHECK(t.is_annual_report);
    REQUIRE(t.year.has_value());
    CHECK(*t.year == e.year);
    CHECK(t.agency == e.agency);
  }
}

TEST_CASE("title variants seen on real columns") {
  const Expect cases[] = {
      {"哈尔滨市商务局2022年度政府信息公开工作报告", 2022, "哈尔滨市商务局"},
      {"哈尔滨市2020年政府信息公开工作报告", 2020, "哈尔滨市"},
      {"国家公务员局2022年政府信息公开工作年度报告", 2022, "国家公务员局"},
      {"二〇二一年南岗区王岗镇政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"二○二一年度南岗区王岗镇政府信息公开年度报告", 2021, "南岗区王岗镇"},
      {"２０２１年南岗区王岗镇政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"2021年度政府信息公开工作年度报告（南岗区王岗镇）", 2021, "南岗区王岗镇"},
      {"【南岗区王岗镇】2021年政府信息公开工作年度报告（图片版）", 2021, "南岗区王岗镇"},
      {"湖北省政府信息公开工作年度报告（2021年）（图片版）", 2021, "湖北省"},
      {"关于公布南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇2021年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇政府信息公开工作2021年度报告", 2021, "南岗区王岗镇"},
      {"哈尔滨市人民政府信息公开工作2016年度报告", 2016, "哈尔滨市人民政府"},
      {"哈尔滨市人民政府2016年政府信息公开工作年度报告", 2016, "哈尔滨市人民政府"},
      {"南岗区王岗镇关于2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
  };
  for (const Expect& e : cases) {
    CAPTURE(e.title);
    ReportTitle t = ClassifyTitle(e.title);
    CHECK(t.is_annual_report);
    REQUIRE(t.year.has_value());
    CHECK(*t.year == e.year);
    CHECK(t.agency == e.agency);
  }
}

TEST_CASE("a report title without a year is a report of unknown year") {
  ReportTitle t = ClassifyTitle("南岗区人民政府政府信息公开工作年度报告");
  CHECK(t.is_annual_report);
  CHECK_FALSE(t.year.has_value());
  CHECK(t.agency == "南岗区人民政府");
  CHECK(ClassifyTitle("哈尔滨市人民政府信息公开工作年度报告").agency == "哈尔滨市人民政府");
}

TEST_CASE("documents that share words with the report are not reports") {
  const char* titles[] = {
      "南岗区2022年政务公开工作要点",
      "南岗区王岗镇政府信息公开指南",
      "关于做好2021年度政府信息公开工作年度报告编制工作的通知",
      "南岗区2021年政务公开工作实施方案",
      "南岗区王岗镇政府信息公开目录",
      "南岗区2021年度统计年度报表",
      "《南岗区2021年政府信息公开工作年度报告》解读",
      "图解：南岗区2021年政府信息公开工作年度报告",
      "中华人民共和国政府信息公开工作年度报告格式",
      "南岗区政务动态第9期",
      "南岗区王岗镇年度报告",  // 年度报告 alone needs its year
      "",
  };
  for (const char* title : titles) {
    CAPTURE(title);
    ReportTitle t = ClassifyTitle(title);
    CHECK_FALSE(t.is_annual_report);
  }
}

TEST_CASE("the year is the one next to the keyword, not a date elsewhere") {
  ReportTitle t = ClassifyTitle("2022年1月发布：南岗区王岗镇2021年政府信息公开工作年度报告");
  CHECK(t.is_annual_report);
  REQUIRE(t.year.has_value());
  CHECK(*t.year == 2021);
}

}  // namespace
}  // namespace nianbao::parser
