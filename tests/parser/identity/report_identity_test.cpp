// The one identity module: every title form the columns use, read for kind,
// year and agency together; the body's first lines and the page metas.
#include "parser/identity/report_identity.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace nianbao::parser {
namespace {

struct Expect {
  const char* title;
  int year;
  const char* agency;
  ReportKind kind = ReportKind::kReport;
};

void CheckAll(const std::vector<Expect>& cases) {
  for (const Expect& e : cases) {
    CAPTURE(e.title);
    ReportIdentity id = IdentityFromTitle(e.title);
    CHECK(id.kind == e.kind);
    CHECK(id.is_report());
    REQUIRE(id.year.has_value());
    CHECK(*id.year == e.year);
    CHECK(id.agency == e.agency);
  }
}

TEST_CASE("seed report titles are annual reports with year and agency") {
  CheckAll({
      {"南岗区王岗镇 2021 年 政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"文化街道办事处 2020 年度政府信息公开工作年度报告", 2020, "文化街道办事处"},
      {"四方台区人民政府办公室2021年政府信息公开工作年度报告", 2021, "四方台区人民政府办公室"},
      {"四方台区人民政府办公室\n\n2021 年政府信息公开工作年度报告", 2021, "四方台区人民政府办公室"},
      {"木兰县柳河镇 2022 年 政府信息公开工作年度报告", 2022, "木兰县柳河镇"},
  });
}

TEST_CASE("title variants seen on real columns") {
  CheckAll({
      {"哈尔滨市商务局2022年度政府信息公开工作报告", 2022, "哈尔滨市商务局"},
      {"哈尔滨市2020年政府信息公开工作报告", 2020, "哈尔滨市"},
      {"国家公务员局2022年政府信息公开工作年度报告", 2022, "国家公务员局"},
      {"二〇二一年南岗区王岗镇政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"二○二一年度南岗区王岗镇政府信息公开年度报告", 2021, "南岗区王岗镇"},
      {"２０２１年南岗区王岗镇政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"2021年度政府信息公开工作年度报告（南岗区王岗镇）", 2021, "南岗区王岗镇"},
      {"【南岗区王岗镇】2021年政府信息公开工作年度报告（图片版）", 2021, "南岗区王岗镇", ReportKind::kImageEdition},
      {"湖北省政府信息公开工作年度报告（2021年）（图片版）", 2021, "湖北省", ReportKind::kImageEdition},
      {"关于公布南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇2021年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇政府信息公开工作2021年度报告", 2021, "南岗区王岗镇"},
      {"哈尔滨市人民政府信息公开工作2016年度报告", 2016, "哈尔滨市人民政府"},
      {"哈尔滨市人民政府2016年政府信息公开工作年度报告", 2016, "哈尔滨市人民政府"},
      {"南岗区王岗镇关于2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
  });
}

TEST_CASE("the agency before or after the year") {
  CheckAll({
      {"南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"2021年南岗区王岗镇政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"2019年上海市人民政府办公厅政府信息公开工作年度报告", 2019, "上海市人民政府办公厅"},
  });
}

TEST_CASE("关于…的年度报告 and the year inside the keyword") {
  CheckAll({
      {"道外区应急管理局关于2020年政府信息公开工作的年度报告", 2020, "道外区应急管理局"},
      {"关于南岗区王岗镇2021年政府信息公开工作的年度报告", 2021, "南岗区王岗镇"},
      {"通河县民政局政府信息公开工作2022年度报告", 2022, "通河县民政局"},
      {"南岗区王岗镇2021年度政府信息公开工作报告", 2021, "南岗区王岗镇"},
  });
}

TEST_CASE("brackets, numeral and full-width years, spaces anywhere") {
  CheckAll({
      {"【南岗区王岗镇】2021年度政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"[南岗区王岗镇]2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇二〇二一年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇２０２１年度政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"南 岗 区 王 岗 镇\u3000２０２１\u3000年 政府 信息 公开\u00a0工作 年度 报告", 2021, "南岗区王岗镇"},
      {" 文化街道办事处 2020 年度 政府信息公开工作年度报告 ", 2020, "文化街道办事处"},  // no district
  });
}

TEST_CASE("a date or 发布： in front of the title is not the agency") {
  CheckAll({
      {"2022年1月发布：南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"2022年1月26日发布：南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"发布：南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"2022-01-26 南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"[2022-01-26]南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇2021年政府信息公开工作年度报告 2022-01-26", 2021, "南岗区王岗镇"},
      {"2022-01-26 10:30 发布：南岗区王岗镇2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},
      {"南岗区王岗镇发布：2021年政府信息公开工作年度报告", 2021, "南岗区王岗镇"},  // the name stays
  });
}

TEST_CASE("the image edition is the report, marked") {
  CheckAll({
      {"南岗区王岗镇2021年政府信息公开工作年度报告（图片版）", 2021, "南岗区王岗镇", ReportKind::kImageEdition},
      {"南岗区王岗镇2021年政府信息公开工作年度报告(图片版)", 2021, "南岗区王岗镇", ReportKind::kImageEdition},
      {"南岗区王岗镇2021年政府信息公开工作年度报告（文字版）", 2021, "南岗区王岗镇"},
  });
}

TEST_CASE("a report title without a year is a report of unknown year") {
  ReportIdentity id = IdentityFromTitle("南岗区人民政府政府信息公开工作年度报告");
  CHECK(id.kind == ReportKind::kReport);
  CHECK_FALSE(id.year.has_value());
  CHECK(id.agency == "南岗区人民政府");
  CHECK(IdentityFromTitle("哈尔滨市人民政府信息公开工作年度报告").agency == "哈尔滨市人民政府");
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
      "解读：南岗区2021年政府信息公开工作年度报告",
      "图解：南岗区2021年政府信息公开工作年度报告",
      "一图读懂南岗区2021年政府信息公开工作年度报告",
      "南岗区2021年政府信息公开工作年度报告政策问答",
      "中华人民共和国政府信息公开工作年度报告格式",
      "南岗区政务动态第9期",
      "南岗区王岗镇年度报告",  // 年度报告 alone needs its year
      "",
  };
  for (const char* title : titles) {
    CAPTURE(title);
    ReportIdentity id = IdentityFromTitle(title);
    CHECK(id.kind == ReportKind::kNotReport);
    CHECK_FALSE(id.is_report());
  }
}

TEST_CASE("a title that is not the report still gives the year and agency it states") {
  ReportIdentity only_year = IdentityFromTitle("2021");
  CHECK(only_year.kind == ReportKind::kNotReport);
  CHECK(only_year.year == 2021);
  CHECK(only_year.agency.empty());
  ReportIdentity news = IdentityFromTitle("南岗区2022年政务动态");
  CHECK(news.year == 2022);
  CHECK(news.agency == "南岗区");
  CHECK_FALSE(IdentityFromTitle("南岗区政务动态第9期").year.has_value());
}

TEST_CASE("the body's first lines: a title line, or the year and the contact sentence") {
  std::vector<TextBlock> titled = {{"四方台区人民政府办公室", true}, {"2021 年政府信息公开工作年度报告", true},
                                   {"本年度报告根据……编制。", false}};
  ReportIdentity a = IdentityFromBody(titled);
  CHECK(a.kind == ReportKind::kReport);
  CHECK(a.year == 2021);
  CHECK(a.agency == "四方台区人民政府办公室");

  std::vector<TextBlock> contact = {
      {"2021", true},
      {"依据《条例》（国务院令 第 711 号）和（国办公开办函〔2019〕60 号）的要求，在认真总结我局 2021 年政府信息公开工作的基础上编制形成。"
       "如有疑问可联系南岗区企业和投资服务局办公室，电话：0451-00000000。",
       false},
  };
  ReportIdentity b = IdentityFromBody(contact);
  CHECK(b.kind == ReportKind::kNotReport);
  CHECK(b.year == 2021);
  CHECK(b.agency == "南岗区企业和投资服务局");

  std::vector<TextBlock> document_number = {{"根据（国办公开办函〔2019〕60 号）要求编制。", false}};
  CHECK_FALSE(IdentityFromBody(document_number).year.has_value());
  CHECK(IdentityFromBody({}).agency.empty());
}

TEST_CASE("a page: title first, then body lines, ContentSource, contact sentence") {
  std::vector<TextBlock> contact = {{"如有疑问请联系南岗区民政局办公室。", false}, {"正文", false}};
  ReportIdentity titled = IdentityOfPage({"南岗区王岗镇2021年政府信息公开工作年度报告", "南岗区人民政府", &contact});
  CHECK(titled.kind == ReportKind::kReport);
  CHECK(titled.year == 2021);
  CHECK(titled.agency == "南岗区王岗镇");

  ReportIdentity meta = IdentityOfPage({"2021年政府信息公开工作年度报告", " 南岗区 王岗镇 ", &contact});
  CHECK(meta.kind == ReportKind::kReport);
  CHECK(meta.year == 2021);
  CHECK(meta.agency == "南岗区王岗镇");

  ReportIdentity generic = IdentityOfPage({"2021年政府信息公开工作年度报告", "本网", &contact});
  CHECK(generic.agency == "南岗区民政局");

  std::vector<TextBlock> heading = {{"南岗区王岗镇2021年政府信息公开工作年度报告", true}, {"正文", false}};
  ReportIdentity untitled = IdentityOfPage({"", "", &heading});
  CHECK(untitled.kind == ReportKind::kReport);
  CHECK(untitled.year == 2021);
  CHECK(untitled.agency == "南岗区王岗镇");

  ReportIdentity nothing = IdentityOfPage({"", "", nullptr});
  CHECK(nothing.kind == ReportKind::kNotReport);
  CHECK_FALSE(nothing.year.has_value());
  CHECK(nothing.agency.empty());
}

}  // namespace
}  // namespace nianbao::parser
