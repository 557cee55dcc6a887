#include "parser/tables/table_mapper.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "parser/labels.h"
#include "parser/tables/requests_mapper.h"
#include "parser/tables/text_grid.h"

namespace nianbao::parser {
namespace {

std::vector<Grid> Grids(const std::string& text) { return ParseTextDocument(text).tables; }

using Values = std::vector<std::optional<double>>;

Values RowOf(const MappedTables& m, const std::string& table, const std::string& row) {
  Values out;
  for (const Metric& x : m.metrics) {
    if (x.table == table && x.row == row) out.push_back(x.value);
  }
  return out;
}

const CheckResult* ShapeFor(const MappedTables& m, const std::string& row) {
  for (const CheckResult& c : m.shape) {
    if (c.scope == "requests." + row) return &c;
  }
  return nullptr;
}

constexpr std::optional<double> kNull = std::nullopt;

const char kRequestHeader[] =
    "\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
    "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n";

TEST_CASE("cells: full-width digits, separators, decimals, units, and the report's nothing") {
  CHECK(ParseCell("１２").value == 12);
  CHECK(ParseCell("1,234").value == 1234);
  CHECK(ParseCell("1.1988").value == doctest::Approx(1.1988));
  CHECK(ParseCell("0元").is_number());
  CHECK(ParseCell("0 万元").is_number());
  CHECK(ParseCell("-3").value == -3);
  for (const char* nothing : {"—", "——", "-", "/", "无", "－"}) {
    CAPTURE(nothing);
    CHECK(ParseCell(nothing).kind == CellValue::Kind::kNothing);
  }
  CHECK(ParseCell(" ").kind == CellValue::Kind::kBlank);
  CHECK(ParseCell("见附件").kind == CellValue::Kind::kText);
  CHECK(ParseCell("1,2").kind == CellValue::Kind::kText);
  CHECK(ParseCell("1.").kind == CellValue::Kind::kText);
  CHECK(NormalizeLabel("申 请数量（二）") == "申请数量(二)");
  CHECK(FormatNumber(4) == "4");
  CHECK(FormatNumber(1.1988) == "1.1988");
}

TEST_CASE("FormatNumber: the one rule for metric values people read") {
  CHECK(FormatNumber(-12) == "-12");
  CHECK(FormatNumber(0) == "0");
  CHECK(FormatNumber(2.5) == "2.5");
  CHECK(FormatNumber(1234567.25) == "1234567.25");
  CHECK(FormatNumber(0.15) == "0.15");
  CHECK(FormatNumber(1.1988 - 1) == "0.1988");  // a computed change hides float noise
  CHECK(FormatNumber(2.0000001) == "2.0000001");
  CHECK(FormatNumber(1e15) == "1e+15");
}

TEST_CASE("labels: abbreviated, truncated and misspelt rows map to their keys") {
  CHECK(RequestRowKey(NormalizeLabel("(二) 部分公开(区分处理的, 只计这"), "") == "partially_granted");
  CHECK(RequestRowKey(NormalizeLabel("2. 其他法律行政法规禁止公"), "") == "denied_prohibited");
  CHECK(RequestRowKey(NormalizeLabel("2.其他法律行政止公开"), "") == "denied_prohibited");  // misspelt as printed
  CHECK(RequestRowKey(NormalizeLabel("4. 无正当理由大量重复申请"), "") == "not_processed_mass_repeated");
  CHECK(RequestRowKey(NormalizeLabel("2. 重复申请"), "") == "not_processed_duplicate");
  CHECK(RequestRowKey(NormalizeLabel("1. 申请人无正当理由逾期不补正, 行政机关不在处理其政府信息公开申请"), "") ==
        "other_no_correction");
  CHECK(RequestRowKey(NormalizeLabel("3. 补正后申请内容仍不明确"), "") == "unable_unclear");
  CHECK(RequestRowKey(NormalizeLabel("三、 本 年 度 办 理 结 果\t(一) 予以公开"), "") == "granted");
  CHECK(RequestRowKey("3.其他", "other_unpaid_fee") == "other_other");
  CHECK(RequestRowKey(NormalizeLabel("(六) 其他处理"), "") == "other");
  CHECK(RequestRowKey(NormalizeLabel("(七) 总计"), "") == "outcome_total");
  CHECK(RequestRowKey("申请", "").empty());
}

TEST_CASE("format: read from the layout, the year only as a fallback") {
  auto f2019 = Grids("信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n");
  auto f2021 = Grids("信息内容\t本年制发件数\t本年度止件数\t现行有效件数\n规章\t0\t0\t0\n");
  auto silent = Grids("一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n");
  CHECK(DetectFormat(f2019, 2022) == ReportFormat::k2019);
  CHECK(DetectFormat(f2021, 2020) == ReportFormat::k2021);
  CHECK(DetectFormat(silent, 2020) == ReportFormat::k2019);
  CHECK(DetectFormat(silent, 2021) == ReportFormat::k2021);
  CHECK(DetectFormat(silent, std::nullopt) == ReportFormat::kUnknown);
  CHECK(DetectFormat(Grids("\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\n"), 2021) == ReportFormat::k2019);
}

TEST_CASE("no table: nothing found and no format, whatever the year") {
  MappedTables m = MapTables({}, 2022);
  CHECK_FALSE(m.found);
  CHECK(m.metrics.empty());
  CHECK(m.format == ReportFormat::kUnknown);
}

TEST_CASE("active disclosure: one grid with sub-headers, typo in a header, text where a number belongs") {
  MappedTables m = MapTables(Grids("第二十条第（一）项\t\t\t\n"
                                   "信息内容\t本年制发件数\t本年度止件数\t现行有效件数\n"
                                   "规章\t见附件\t0\t2\n"
                                   "行政规范\t4\t1\t15\n"
                                   "性文件\t\t\t\n"
                                   "第二十条第（五）项\t\t\t\n"
                                   "信息内容\t本年处理决定数量\t\t\n"
                                   "行政许可\t—\t\t\n"
                                   "第二十条第（八）项\t\t\t\n"
                                   "信息内容\t本年收费金额（单位：万元）\t\t\n"
                                   "行政事业性收费\t1.1988\t\t\n"),
                             2021);
  CHECK(m.format == ReportFormat::k2021);
  CHECK(RowOf(m, "active_disclosure", "regulations") == Values{kNull, 0.0, 2.0});
  CHECK(RowOf(m, "active_disclosure", "normative_documents") == Values{4.0, 1.0, 15.0});
  CHECK(RowOf(m, "active_disclosure", "licensing") == Values{kNull});
  CHECK(RowOf(m, "active_disclosure", "fees") == Values{1.1988});
  CHECK(RowOf(m, "active_disclosure", "penalty").empty());  // absent from the report, absent here
  CHECK(std::any_of(m.warnings.begin(), m.warnings.end(),
                    [](const std::string& w) { return w.find("regulations.issued") != std::string::npos; }));
}

TEST_CASE("active disclosure in the 2019 layout: negative change, amount with its unit") {
  MappedTables m = MapTables(Grids("信息内容\t上一年项目 数量\t本年增/ 减\t处理决定数 量\n"
                                   "行政许可\t5\t-2\t7\n"
                                   "信息内容\t采购项目数 量\t采购总金额\t\n"
                                   "政府集中采购\t2\t0 元\t\n"),
                             std::nullopt);
  CHECK(m.format == ReportFormat::k2019);
  CHECK(RowOf(m, "active_disclosure", "licensing") == Values{5.0, -2.0, 7.0});
  CHECK(RowOf(m, "active_disclosure", "procurement") == Values{2.0, 0.0});
}

TEST_CASE("lost column: 总计 = 自然人 pins the lost cell, and the repair is reported") {
  MappedTables m = MapTables(Grids(std::string(kRequestHeader) +
                                   "一、本年新收政府信息公开申请数量\t4\t0\t0\t0\t0\t0\t4\n"
                                   "三、本年度办理结果\t(二) 部分公开(区分处理的, 只计这\t2\t0\t0\t0\t0\t2\n"),
                             2021);
  CHECK(RowOf(m, "requests", "partially_granted") == Values{2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0});
  const CheckResult* shape = ShapeFor(m, "partially_granted");
  REQUIRE(shape != nullptr);
  CHECK(shape->rule == "shape.repaired");
  CHECK(shape->status == CheckStatus::kOk);
  CHECK(shape->detail.find("总计 2 = 自然人 2") != std::string::npos);
}

TEST_CASE("lost column: a cell that cannot be placed stays blank") {
  MappedTables m = MapTables(Grids(std::string(kRequestHeader) +
                                   "三、本年度办理结果\t(一) 予以公开\t3\t1\t1\t0\t0\t5\n"),
                             2021);
  CHECK(RowOf(m, "requests", "granted") == Values{3.0, kNull, kNull, kNull, 0.0, 0.0, 5.0});
  const CheckResult* shape = ShapeFor(m, "granted");
  REQUIRE(shape != nullptr);
  CHECK(shape->status == CheckStatus::kNotAssessable);
}

TEST_CASE("lost column: the cells every placement agrees on are kept, the column sums place the rest") {
  const char* outcomes[] = {"(二) 部分公开", "1. 属于国家秘密", "2. 其他法律行政法规禁止公开", "3. 危及“三安全一稳定”",
                            "4. 保护第三方合法权益", "5. 属于三类内部事务信息", "6. 属于四类过程性信息",
                            "7. 属于行政执法案卷", "8. 属于行政查询事项", "1. 本机关不掌握相关政府信息",
                            "2. 没有现成信息需要另行制作", "3. 补正后申请内容仍不明确", "1. 信访举报投诉类申请",
                            "2. 重复申请", "3. 要求提供公开出版物", "4. 无正当理由大量反复申请",
                            "5. 要求行政机关确认或重新出具已获取信息", "1. 申请人无正当理由逾期不补正",
                            "2. 申请人逾期未按收费通知要求缴纳费用", "3. 其他"};
  std::string text = std::string(kRequestHeader) +
                     "一、本年新收政府信息公开申请数量\t3\t1\t0\t0\t0\t0\t4\n"
                     "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
                     "(一) 予以公开\t3\t1\t0\t0\t0\t4\n";
  for (const char* label : outcomes) text += std::string(label) + "\t0\t0\t0\t0\t0\t0\t0\n";
  std::string tail = "(七) 总计\t3\t1\t0\t0\t0\t0\t4\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n";

  // Alone, the row says 商业企业 or 科研机构 holds the 1; the other cells are the same either way.
  MappedTables alone = MapTables(Grids(std::string(kRequestHeader) + "(一) 予以公开\t3\t1\t0\t0\t0\t4\n"), 2021);
  CHECK(RowOf(alone, "requests", "granted") == Values{3.0, kNull, kNull, 0.0, 0.0, 0.0, 4.0});
  REQUIRE(ShapeFor(alone, "granted") != nullptr);
  CHECK(ShapeFor(alone, "granted")->status == CheckStatus::kNotAssessable);

  // With the whole table, (七) and 一 put the 1 under 商业企业.
  MappedTables whole = MapTables(Grids(text + tail), 2021);
  CHECK(RowOf(whole, "requests", "granted") == Values{3.0, 1.0, 0.0, 0.0, 0.0, 0.0, 4.0});
  REQUIRE(ShapeFor(whole, "granted") != nullptr);
  CHECK(ShapeFor(whole, "granted")->status == CheckStatus::kOk);
  CHECK(ShapeFor(whole, "granted")->detail.find("column sums") != std::string::npos);
}

TEST_CASE("lost column: the columns' arithmetic tells 总计-last from a blank 总计 (seed 000's (七))") {
  MappedTables m = MapTables(Grids(std::string(kRequestHeader) +
                                   "一、本年新收政府信息公开申请数量\t4\t0\t0\t0\t0\t0\t4\t\n"
                                   "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\t\n"
                                   "(七) 总计\t4\t0\t0\t0\t0\t4\t\t\n"
                                   "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\t\n"),
                             2021);
  CHECK(RowOf(m, "requests", "outcome_total") == Values{4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0});
}

TEST_CASE("a 总计 column left blank under its header stays blank (seed 003)") {
  MappedTables m = MapTables(Grids("| | | 自然人 | 法人或其他组织 | | | | | 总计 |\n"
                                   "| | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n"
                                   "| 一、本年新收政府信息公开申请数量 | | 0 | 0 | 0 | 0 | 0 | 0 | |\n"
                                   "| (七) 总计 | 0 | 0 | 0 | 0 | 0 | 0 | | |\n"),
                             2021);
  CHECK(RowOf(m, "requests", "new") == Values{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, kNull});
  CHECK(RowOf(m, "requests", "outcome_total") == Values{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, kNull});
}

TEST_CASE("rows split across grids and labels wrapped over two rows keep their values") {
  MappedTables m = MapTables(Grids(std::string(kRequestHeader) +
                                   "\t4. 无正当理由大量反复\t1\t0\t0\t0\t0\t0\t1\n"
                                   "\t申请\t\t\t\t\t\t\t\n"
                                   "\n"
                                   "\t5.要求行政机关确认或重新\t\t\t\t\t\t\t\n"
                                   "\t出具已获取信息\t2\t0\t0\t0\t0\t0\t2\n"),
                             2021);
  CHECK(RowOf(m, "requests", "not_processed_mass_repeated") == Values{1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0});
  CHECK(RowOf(m, "requests", "not_processed_confirmation") == Values{2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0});
}

Grid HtmlLikeGrid() {
  // An HTML table after span expansion: copies carry the spanning cell's text.
  auto cell = [](const char* t, bool spanned = false) { return GridCell{t, spanned}; };
  Grid g;
  g.rows = {
      {cell("勾稽"), cell("勾稽", true), cell("申请人情况"), cell("申请人情况", true), cell("申请人情况", true),
       cell("申请人情况", true), cell("申请人情况", true), cell("申请人情况", true), cell("申请人情况", true)},
      {cell("勾稽", true), cell("勾稽", true), cell("自然人"), cell("法人或其他组织"), cell("法人或其他组织", true),
       cell("法人或其他组织", true), cell("法人或其他组织", true), cell("法人或其他组织", true), cell("总计")},
      {cell("勾稽", true), cell("勾稽", true), cell("自然人", true), cell("商业企业"), cell("科研机构"),
       cell("社会公益组织"), cell("法律服务机构"), cell("其他"), cell("总计", true)},
      {cell("三、本年度办理结果"), cell("(三)不予公开"), cell("5"), cell(""), cell("1"), cell(""), cell(""), cell(""),
       cell("6")},
      {cell("三、本年度办理结果", true), cell("3.危及“三安全一稳定”"), cell(""), cell(""), cell(""), cell(""),
       cell(""), cell(""), cell("")},
  };
  g.source_widths = {9, 9, 9, 9, 9};
  return g;
}

TEST_CASE("HTML grid: span copies, blank zero cells read as null, all-blank rows present") {
  Grid g = HtmlLikeGrid();
  g.rows[3][1].text = "(三)不予公开 1.属于国家秘密";
  MappedTables m = MapTables({g}, 2021);
  CHECK(RowOf(m, "requests", "denied_state_secret") == Values{5.0, kNull, 1.0, kNull, kNull, kNull, 6.0});
  CHECK(RowOf(m, "requests", "denied_security_stability") == Values(7, kNull));
  CHECK(m.shape.empty());
}

TEST_CASE("table 四 as two grids, the 行政复议 group left blank") {
  MappedTables m = MapTables(Grids("行政复议\t\t\t\t\n"
                                   "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
                                   "\t\t\t\t\n"
                                   "\n"
                                   "行政诉讼\t\t\t\t\t\t\t\t\t\n"
                                   "未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n"
                                   "结果\t结果\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
                                   "维持\t纠正\t\t\t\t\t\t\t\t\n"
                                   "1\t0\t0\t1\t2\t0\t0\t0\t0\t0\n"),
                             2021);
  CHECK(RowOf(m, "review_litigation", "review") == Values(5, kNull));
  CHECK(RowOf(m, "review_litigation", "litigation_direct") == Values{1.0, 0.0, 0.0, 1.0, 2.0});
  CHECK(RowOf(m, "review_litigation", "litigation_after_review") == Values{0.0, 0.0, 0.0, 0.0, 0.0});
}

}  // namespace
}  // namespace nianbao::parser
