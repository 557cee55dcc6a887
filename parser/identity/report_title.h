// ClassifyTitle: decides from a link title whether it names an annual
// government-information-disclosure report (政府信息公开工作年度报告) and, if so,
// for which year and which agency.
//
// Accepts the forms seen on real columns: "{单位}{YYYY}年政府信息公开工作年度报告",
// "{YYYY}年度…", "{单位}{YYYY}年政府信息公开工作报告", Chinese-numeral years
// (二〇二一年), spaces anywhere, titles in 【】 or with the agency after the year,
// and the 图片版/超链版/文字版/PDF版 suffixes. Rejects the documents that share
// words with it: 工作要点, 指南, 通知, 实施方案, 目录, 报表, 解读, 格式 ….
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nianbao::parser {

struct ReportTitle {
  bool is_annual_report = false;
  std::optional<int> year;  // the reporting year (published in year + 1)
  std::string agency;       // as written in the title, spaces removed; may be empty
};

ReportTitle ClassifyTitle(std::string_view title);

}  // namespace nianbao::parser
