// Report: the canonical form of one 政府信息公开工作年度报告, as `nianbao parse`,
// `show` and `export --format json` print it (../shared/spec/interface.md) and
// as storage keeps it. Plain data: no gumbo, no HTTP, no SQL.
//
// Metrics are keyed by the canonical (table, row, column) keys of
// ../shared/spec/report-schema.json. A metric whose cell the report leaves blank or
// unreadable has no value (null in JSON); a row the report omits has no Metric at
// all. `metrics` is kept in schema order so output is stable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao::parser {

enum class ReportFormat { kUnknown, k2019, k2021 };
// "2019", "2021" or "unknown".
const char* FormatName(ReportFormat f);

// The form a report's numbers were read from (interface.md `document`).
// kText is a plain-text file (a saved conversion); kNone when nothing was read.
enum class DocumentKind { kNone, kHtml, kText, kPdf, kScan, kDocx, kDoc, kWps, kXlsx, kImage };
// "html", "text", "pdf", "scan", "docx", "doc", "wps", "xlsx", "image"; "" for kNone.
const char* DocumentKindName(DocumentKind k);
// The kind DocumentKindName spells as `name`; kNone for anything else.
DocumentKind ParseDocumentKind(std::string_view name);

struct Section {
  int number = 0;       // 1..9 as printed (一 → 1); 0 when the heading had no number
  std::string heading;  // without its number and punctuation, e.g. "总体情况"
  std::string text;     // the section's plain text, paragraphs separated by '\n'
};

// Turns an href found on the page at `base` into the absolute URL a fetcher
// would use, or nullopt when it cannot. The parser has no URL rule of its own
// (parser/ may not use net/): the crawler and `nianbao parse --url` pass
// crawler::ResolveLink, i.e. net/url.h's canonical form, so an attachment's
// URL is the very string the crawler fetches and deduplicates.
using LinkResolver = std::function<std::optional<std::string>(std::string_view base, std::string_view href)>;

struct Attachment {
  std::string url;   // resolved by the LinkResolver when the page URL was known, else as written
  std::string text;  // the link text
  std::string kind;  // "pdf", "doc", "docx", "wps", "xls", "xlsx", ...
};

struct Metric {
  std::string table;   // "active_disclosure", "requests", "review_litigation"
  std::string row;     // e.g. "new", "regulations", "review"
  std::string column;  // e.g. "natural_person", "issued", "upheld"
  std::optional<double> value;  // nullopt: blank or unreadable cell
};

enum class CheckStatus { kOk, kFailed, kNotAssessable };
// "ok", "failed", "not_assessable".
const char* CheckStatusName(CheckStatus s);

struct CheckResult {
  std::string rule;    // e.g. "requests.balance", "shape.repaired"
  std::string scope;   // the row, column or group checked, e.g. "total", "review"
  CheckStatus status = CheckStatus::kNotAssessable;
  std::string detail;  // the numbers involved, e.g. "总计: 4 + 0 ≠ 3 + 0"
};

struct Report {
  std::string title;
  std::string agency;
  std::optional<int> year;
  DocumentKind document = DocumentKind::kNone;  // the form its numbers were read from
  ReportFormat format = ReportFormat::kUnknown;
  std::optional<std::string> url;
  std::optional<std::string> published;  // YYYY-MM-DD
  std::vector<Section> sections;
  std::vector<Metric> metrics;
  std::vector<CheckResult> checks;
  std::vector<Attachment> attachments;
  std::string body_text;               // the whole body as plain text
  std::vector<std::string> warnings;   // e.g. "replaced 3 invalid bytes (declared UTF-8)"
  bool tables_found = false;           // at least one standard table was mapped

  // The metric at (table,row,column), or nullptr when the row is absent.
  const Metric* Find(const std::string& table, const std::string& row,
                     const std::string& column) const;
};

}  // namespace nianbao::parser
