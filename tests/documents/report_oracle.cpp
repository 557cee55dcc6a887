#include "tests/documents/report_oracle.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "parser/report_json.h"

namespace nianbao::documents::testing {

std::string ReadFileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json ReportJson(const parser::Report& report) { return nlohmann::json::parse(parser::ReportToJsonText(report)); }

void CheckMetricsMatch(const nlohmann::json& expected, const nlohmann::json& out,
                       const std::set<std::string>& differing) {
  using json = nlohmann::json;
  for (const char* table : {"active_disclosure", "requests", "review_litigation"}) {
    const json& e = expected.contains(table) ? expected[table] : json::object();
    for (auto row = e.begin(); row != e.end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        INFO(table << "." << row.key() << "." << col.key());
        REQUIRE(out[table].contains(row.key()));
        json want = differing.count(std::string(table) + "." + row.key() + "." + col.key()) ? json(nullptr) : col.value();
        CHECK(out[table][row.key()].value(col.key(), json("absent")) == want);
      }
    }
    if (!out.contains(table) || out[table].is_null()) continue;
    for (auto row = out[table].begin(); row != out[table].end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        if (col.value().is_null()) continue;
        INFO("extra metric " << table << "." << row.key() << "." << col.key());
        CHECK((e.contains(row.key()) && e[row.key()].contains(col.key())));
      }
    }
  }
  if (expected.contains("tables_found")) CHECK(out["tables_found"] == expected["tables_found"]);
}

}  // namespace nianbao::documents::testing
