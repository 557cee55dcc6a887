#include "parser/report.h"

#include <utility>

namespace nianbao::parser {

const char* FormatName(ReportFormat f) {
  switch (f) {
    case ReportFormat::k2019: return "2019";
    case ReportFormat::k2021: return "2021";
    case ReportFormat::kUnknown: break;
  }
  return "unknown";
}

namespace {
constexpr std::pair<DocumentKind, const char*> kDocumentKindNames[] = {
    {DocumentKind::kHtml, "html"}, {DocumentKind::kText, "text"}, {DocumentKind::kPdf, "pdf"},
    {DocumentKind::kScan, "scan"}, {DocumentKind::kDocx, "docx"}, {DocumentKind::kDoc, "doc"},
    {DocumentKind::kWps, "wps"},   {DocumentKind::kXlsx, "xlsx"}, {DocumentKind::kImage, "image"}};
}  // namespace

const char* DocumentKindName(DocumentKind k) {
  for (const auto& [kind, name] : kDocumentKindNames) {
    if (kind == k) return name;
  }
  return "";
}

DocumentKind ParseDocumentKind(std::string_view name) {
  for (const auto& [kind, n] : kDocumentKindNames) {
    if (name == n) return kind;
  }
  return DocumentKind::kNone;
}

const char* CheckStatusName(CheckStatus s) {
  switch (s) {
    case CheckStatus::kOk: return "ok";
    case CheckStatus::kFailed: return "failed";
    case CheckStatus::kNotAssessable: break;
  }
  return "not_assessable";
}

const Metric* Report::Find(const std::string& table, const std::string& row, const std::string& column) const {
  for (const Metric& m : metrics) {
    if (m.table == table && m.row == row && m.column == column) return &m;
  }
  return nullptr;
}

}  // namespace nianbao::parser
