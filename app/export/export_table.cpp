// Column order is derived from the schema rather than from the first report so
// that two exports of different years line up column for column in a
// spreadsheet, whichever agency happens to come first.
#include "app/export/export_table.h"

#include <algorithm>
#include <map>
#include <set>

#include "parser/labels.h"
#include "parser/schema.h"

namespace nianbao::app {
namespace {

std::string KeyOf(const std::string& table, const std::string& row, const std::string& column) {
  return table + "." + row + "." + column;
}

std::vector<std::string> SchemaKeys(const std::string& table, parser::ReportFormat f) {
  std::vector<std::string> keys;
  for (const parser::SchemaRow& row : parser::SchemaRows(table, f))
    for (const std::string& column : row.columns) keys.push_back(KeyOf(table, row.key, column));
  return keys;
}

// Format 2021's keys, with each 2019-only key inserted after the key that
// precedes it in format 2019.
std::vector<std::string> SchemaOrder() {
  std::vector<std::string> order;
  for (const char* table : {parser::kActiveTable, parser::kRequestsTable, parser::kReviewTable}) {
    std::vector<std::string> merged = SchemaKeys(table, parser::ReportFormat::k2021);
    std::string previous;
    for (const std::string& key : SchemaKeys(table, parser::ReportFormat::k2019)) {
      if (std::find(merged.begin(), merged.end(), key) == merged.end()) {
        auto after = previous.empty() ? merged.begin() : std::find(merged.begin(), merged.end(), previous) + 1;
        merged.insert(after, key);
      }
      previous = key;
    }
    order.insert(order.end(), merged.begin(), merged.end());
  }
  return order;
}

std::vector<std::string> FixedValues(const storage::StoredReport& r) {
  return {r.agency, std::to_string(r.year), r.format, std::string(storage::ToString(r.status)),
          r.title, r.url, r.published.value_or(""), std::to_string(r.checks_failed)};
}

}  // namespace

const std::vector<std::string>& ExportFixedColumns() {
  static const std::vector<std::string> columns{"agency", "year",      "format",   "status",
                                                "title",  "url",       "published", "checks_failed"};
  return columns;
}

std::vector<std::string> MetricColumns(const std::vector<storage::StoredReport>& reports) {
  std::set<std::string> present;
  for (const storage::StoredReport& r : reports)
    for (const storage::MetricValue& m : r.metrics) present.insert(KeyOf(m.table, m.row, m.column));
  std::vector<std::string> out;
  for (const std::string& key : SchemaOrder()) {
    if (present.erase(key) > 0) out.push_back(key);
  }
  out.insert(out.end(), present.begin(), present.end());  // unknown keys, sorted
  return out;
}

std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string RenderCsv(const std::vector<storage::StoredReport>& reports) {
  std::vector<std::string> metrics = MetricColumns(reports);
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + CsvField(fields[i]);
    out += "\r\n";
  };
  std::vector<std::string> header = ExportFixedColumns();
  header.insert(header.end(), metrics.begin(), metrics.end());
  line(header);
  for (const storage::StoredReport& r : reports) {
    std::map<std::string, std::string> cells;
    for (const storage::MetricValue& m : r.metrics)
      cells[KeyOf(m.table, m.row, m.column)] = m.value ? parser::FormatNumber(*m.value) : "";
    std::vector<std::string> fields = FixedValues(r);
    for (const std::string& key : metrics) {
      auto it = cells.find(key);
      fields.push_back(it == cells.end() ? "" : it->second);
    }
    line(fields);
  }
  return out;
}

nlohmann::ordered_json RenderJson(const std::vector<storage::StoredReport>& reports) {
  using Json = nlohmann::ordered_json;
  Json out = Json::array();
  for (const storage::StoredReport& r : reports) {
    Json j = Json::parse(r.canonical_json, nullptr, false);
    if (j.is_object()) {
      out.push_back(std::move(j));
      continue;
    }
    Json fallback = {{"title", r.title},
                     {"agency", r.agency},
                     {"year", r.year},
                     {"format", r.format},
                     {"url", r.url.empty() ? Json(nullptr) : Json(r.url)},
                     {"published", r.published ? Json(*r.published) : Json(nullptr)},
                     {"status", storage::ToString(r.status)}};
    for (const storage::MetricValue& m : r.metrics)
      fallback[m.table][m.row][m.column] = m.value ? Json(*m.value) : Json(nullptr);
    out.push_back(std::move(fallback));
  }
  return out;
}

}  // namespace nianbao::app
