#include "parser/report_json.h"

#include <cmath>

#include "parser/schema.h"

namespace nianbao::parser {
namespace {

using ojson = nlohmann::ordered_json;

// Whole numbers as JSON integers, so 4 prints as 4 and 1.1988 as 1.1988.
ojson Value(const std::optional<double>& v) {
  if (!v) return nullptr;
  if (std::fabs(*v) < 9e15 && *v == std::trunc(*v)) return static_cast<long long>(*v);
  return *v;
}

ojson OrNull(const std::optional<std::string>& s) { return s ? ojson(*s) : ojson(nullptr); }

ojson Table(const Report& r, const char* table) {
  ojson out = ojson::object();
  for (const SchemaRow& row : SchemaRows(table, r.format)) {
    ojson cells = ojson::object();
    bool present = false;
    for (const std::string& col : row.columns) {
      const Metric* m = r.Find(table, row.key, col);
      if (m) present = true;
      cells[col] = m ? Value(m->value) : ojson(nullptr);
    }
    if (present) out[row.key] = std::move(cells);
  }
  return out;
}

ojson ReviewTable(const Report& r) {
  ojson out = Table(r, kReviewTable);
  // The interface shows all three groups; an absent group is an empty object.
  for (const SchemaRow& row : SchemaRows(kReviewTable, r.format)) {
    if (!out.contains(row.key)) out[row.key] = ojson::object();
  }
  ojson ordered = ojson::object();
  for (const SchemaRow& row : SchemaRows(kReviewTable, r.format)) ordered[row.key] = out[row.key];
  return ordered;
}

Status Shape(const char* what) { return ParseError(std::string("report JSON: ") + what); }

ReportFormat FormatFromName(const std::string& s) {
  if (s == "2019") return ReportFormat::k2019;
  if (s == "2021") return ReportFormat::k2021;
  return ReportFormat::kUnknown;
}

CheckStatus StatusFromName(const std::string& s) {
  if (s == "ok") return CheckStatus::kOk;
  if (s == "failed") return CheckStatus::kFailed;
  return CheckStatus::kNotAssessable;
}

void ReadTable(const nlohmann::json& j, const char* table, Report& r) {
  if (!j.contains(table) || !j[table].is_object()) return;
  for (const SchemaRow& row : SchemaRows(table, r.format)) {
    if (!j[table].contains(row.key)) continue;
    const auto& cells = j[table][row.key];
    if (!cells.is_object() || cells.empty()) continue;
    for (const std::string& col : row.columns) {
      Metric m{table, row.key, col, std::nullopt};
      if (cells.contains(col) && cells[col].is_number()) m.value = cells[col].get<double>();
      r.metrics.push_back(std::move(m));
    }
  }
}

std::string Str(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::optional<std::string> OptStr(const nlohmann::json& j, const char* key) {
  if (j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return std::nullopt;
}

}  // namespace

ojson ReportToJson(const Report& r) {
  ojson j = ojson::object();
  j["title"] = r.title;
  j["agency"] = r.agency;
  j["year"] = r.year ? ojson(*r.year) : ojson(nullptr);
  j["format"] = FormatName(r.format);
  // The form the numbers were read from (interface.md), null when unknown.
  j["document"] = r.document == DocumentKind::kNone ? ojson(nullptr) : ojson(DocumentKindName(r.document));
  j["url"] = OrNull(r.url);
  j["published"] = OrNull(r.published);
  j["sections"] = ojson::array();
  for (const Section& s : r.sections) j["sections"].push_back({{"number", s.number}, {"heading", s.heading}, {"text", s.text}});
  j["active_disclosure"] = Table(r, kActiveTable);
  j["requests"] = Table(r, kRequestsTable);
  j["review_litigation"] = ReviewTable(r);
  j["checks"] = ojson::array();
  for (const CheckResult& c : r.checks) {
    j["checks"].push_back({{"rule", c.rule}, {"status", CheckStatusName(c.status)}, {"detail", c.detail}, {"scope", c.scope}});
  }
  j["attachments"] = ojson::array();
  for (const Attachment& a : r.attachments) j["attachments"].push_back({{"url", a.url}, {"text", a.text}, {"kind", a.kind}});
  j["warnings"] = r.warnings;
  j["tables_found"] = r.tables_found;
  return j;
}

std::string ReportToJsonText(const Report& r, int indent) {
  return ReportToJson(r).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Report> ReportFromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Shape("not valid JSON");
  if (!j.is_object()) return Shape("not an object");
  Report r;
  r.title = Str(j, "title");
  r.agency = Str(j, "agency");
  if (j.contains("year") && j["year"].is_number_integer()) r.year = j["year"].get<int>();
  r.format = FormatFromName(Str(j, "format"));
  r.document = ParseDocumentKind(Str(j, "document"));
  r.url = OptStr(j, "url");
  r.published = OptStr(j, "published");
  if (j.contains("sections") && j["sections"].is_array()) {
    for (const auto& s : j["sections"]) {
      if (!s.is_object()) return Shape("sections: an entry is not an object");
      Section sec;
      if (s.contains("number") && s["number"].is_number_integer()) sec.number = s["number"].get<int>();
      sec.heading = Str(s, "heading");
      sec.text = Str(s, "text");
      r.sections.push_back(std::move(sec));
    }
  }
  ReadTable(j, kActiveTable, r);
  ReadTable(j, kRequestsTable, r);
  ReadTable(j, kReviewTable, r);
  if (j.contains("checks") && j["checks"].is_array()) {
    for (const auto& c : j["checks"]) {
      if (!c.is_object()) return Shape("checks: an entry is not an object");
      r.checks.push_back({Str(c, "rule"), Str(c, "scope"), StatusFromName(Str(c, "status")), Str(c, "detail")});
    }
  }
  if (j.contains("attachments") && j["attachments"].is_array()) {
    for (const auto& a : j["attachments"]) {
      if (a.is_object()) r.attachments.push_back({Str(a, "url"), Str(a, "text"), Str(a, "kind")});
    }
  }
  if (j.contains("warnings") && j["warnings"].is_array()) {
    for (const auto& w : j["warnings"]) {
      if (w.is_string()) r.warnings.push_back(w.get<std::string>());
    }
  }
  r.tables_found = j.contains("tables_found") && j["tables_found"].is_boolean() ? j["tables_found"].get<bool>()
                                                                                 : !r.metrics.empty();
  return r;
}

}  // namespace nianbao::parser
