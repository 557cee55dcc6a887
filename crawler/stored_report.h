// What the crawl stores a report under and in which form.
//  - HintFromLink / StoredIdentity: the agency and year, read by the parser's
//    one identity module (parser/identity/report_identity.h) from the list
//    link's title and from the page, matched to the source's roster; the
//    same reading `nianbao parse` prints, so the two never disagree.
//  - ToStoredReport: the parser's canonical Report in the plain form storage/
//    keeps (storage knows nothing of the parser's types).
// Pure functions; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crawler/document_meta.h"
#include "parser/report.h"
#include "storage/types.h"

namespace nianbao::crawler {

// The roster entry `named` stands for (parser::MatchAgency), else `named`
// itself; when `named` is "" and the roster has one entry, that entry (a
// column of one agency need not name it in every title). An empty roster
// (no source) leaves `named` as it is.
std::string ResolveAgency(const std::string& named, const std::vector<std::string>& roster);

// The hint a list link gives about the article it leads to: the title's
// year, its agency resolved against `roster`, image_edition for 图片版.
// nullopt when the title is not the report (解读, 通知, …): the crawl does
// not follow such links.
std::optional<DocumentHint> HintFromLink(const std::string& title, const std::optional<std::string>& date,
                                         const std::vector<std::string>& roster);

struct ReportKey {
  std::string agency;  // "" when neither the link nor the page names one
  std::optional<int> year;
};

// The agency and year a fetched report is stored under: the link's (hint)
// where it named them, else the page's (report.agency resolved against the
// roster, report.year).
ReportKey StoredIdentity(const DocumentHint& hint, const parser::Report& report,
                         const std::vector<std::string>& roster);

// status: kParsed when the standard tables were found, kAttachment when the
// page only links the report as a file, kFailed otherwise.
// Records the report's document kind and this build's reader version.
storage::StoredReport ToStoredReport(parser::Report report, const std::string& agency, int year,
                                     std::int64_t document_id, std::int64_t revision_id, const std::string& url);

}  // namespace nianbao::crawler
