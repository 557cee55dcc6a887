// ReportIdentity: whether a document is the annual government-information-
// disclosure report (政府信息公开工作年度报告), and which agency published it for
// which year. The one home of that reading: `nianbao parse` (parse.cpp) and
// the crawl (link titles in crawl_cycle.cpp, pages through ParseDocument) both
// call these functions, so they cannot name different agencies for one title.
//
// Titles are read in the forms real columns use: the agency before or after
// the year ("{单位}{YYYY}年政府信息公开工作年度报告", "{YYYY}年{单位}政府信息…",
// "…年度报告（{单位}）"), "{单位}关于{YYYY}年政府信息公开工作的年度报告",
// "{单位}政府信息公开工作{YYYY}年度报告", "{单位}{YYYY}年度政府信息公开工作报告",
// 【】 brackets, 〇-numeral (二〇二一年) and full-width (２０２１) years, a
// leading date or "发布：" (dropped), spaces anywhere. A title naming no
// district (文化街道办事处) keeps the name as written; MatchAgency
// (agency_match.h) finds its roster entry.
//
// Pure functions over UTF-8 text; no state, never fail: what cannot be read
// is left empty (agency "", year nullopt, kind kNotReport).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/sections.h"

namespace nianbao::parser {

enum class ReportKind {
  kNotReport,     // no report keyword, or a document sharing its words: 解读, 图解, 一图读懂,
                  // 政策问答, 工作要点, 指南, 通知, 实施方案, 目录, 报表, 格式 …
  kReport,        // the annual report
  kImageEdition,  // the annual report published as images (图片版): kept, marked
};

struct ReportIdentity {
  ReportKind kind = ReportKind::kNotReport;
  std::optional<int> year;  // the reporting year (published in year + 1), 1990–2099
  std::string agency;       // as the text writes it, spaces removed; "" when not named

  bool is_report() const { return kind != ReportKind::kNotReport; }
};

// A title: a list link's text, the ArticleTitle meta, a heading. For a title
// that is not the report (kind kNotReport) the year and agency are still read
// where the title states them, so `parse` of any page names what it can.
ReportIdentity IdentityFromTitle(std::string_view title);

// The body's opening: a short first line that reads as a report title gives
// agency and year; else the year is the first "YYYY年" (or a line that is only
// a year) in the first three blocks and the agency comes from the contact
// sentence ("如有疑问可联系南岗区企业和投资服务局办公室" → "南岗区企业和投资服务局")
// of the first six. kind is kNotReport unless a first line was a report title.
ReportIdentity IdentityFromBody(const std::vector<TextBlock>& blocks);

// What a page says about itself, as the parser extracts it.
struct PageIdentityText {
  std::string_view title;           // ArticleTitle meta, else heading, else <title>
  std::string_view content_source;  // the ContentSource meta (发布机构), "" when absent
  const std::vector<TextBlock>* blocks = nullptr;  // the body; may be null
};

// The page's identity: the title's reading; where the title names no agency,
// the body's first lines, else ContentSource, else the contact sentence; where
// it names no year, the body's. kind is the title's (the body's when the title
// is empty).
ReportIdentity IdentityOfPage(const PageIdentityText& page);

}  // namespace nianbao::parser
