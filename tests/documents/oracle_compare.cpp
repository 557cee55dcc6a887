#include "tests/documents/oracle_compare.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "parser/report_json.h"

namespace nianbao::documents::testing {
namespace {

using json = nlohmann::json;

// Equal as the report means it: null only as null, numbers by value (an
// integer and the same value printed as a float are one number).
bool SameValue(const json& want, const json& got) {
  if (want.is_null() || got.is_null()) return want.is_null() && got.is_null();
  if (!want.is_number() || !got.is_number()) return want == got;
  const double a = want.get<double>(), b = got.get<double>();
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

}  // namespace

std::string ReadFileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ReadFixture(const std::filesystem::path& relative) {
  const std::filesystem::path p = std::filesystem::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures" / relative;
  REQUIRE_MESSAGE(std::filesystem::is_regular_file(p), "missing fixture " << p.string());
  return ReadFileBytes(p);
}

json ReportJson(const parser::Report& report) { return json::parse(parser::ReportToJsonText(report)); }

json ReportJson(const parser::DocumentParts& parts) {
  return ReportJson(parser::AssembleReport(parts, std::nullopt));
}

OracleDiff CompareWithOracle(const json& expected, const json& out, const std::vector<std::string>& identity_keys,
                             const std::vector<std::string>& tables) {
  OracleDiff d;
  for (const std::string& table : tables) {
    const json want = expected.contains(table) && expected[table].is_object() ? expected[table] : json::object();
    const json got = out.contains(table) && out[table].is_object() ? out[table] : json::object();
    for (auto row = want.begin(); row != want.end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        ++d.metrics;
        const std::string where = table + "." + row.key() + "." + col.key();
        if (!got.contains(row.key()) || !got[row.key()].contains(col.key())) {
          d.lines.push_back(where + ": expected " + col.value().dump() + ", row or column absent");
        } else if (!SameValue(col.value(), got[row.key()][col.key()])) {
          d.lines.push_back(where + ": expected " + col.value().dump() + ", got " + got[row.key()][col.key()].dump());
        } else {
          ++d.matched;
        }
      }
    }
    for (auto row = got.begin(); row != got.end(); ++row) {
      if (!row.value().is_object()) continue;
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        if (col.value().is_null()) continue;
        if (want.contains(row.key()) && want[row.key()].contains(col.key())) continue;
        ++d.extra;
        d.lines.push_back(table + "." + row.key() + "." + col.key() + ": not in the oracle, got " + col.value().dump());
      }
    }
  }
  for (const std::string& k : identity_keys) {
    if (!expected.contains(k)) continue;
    const json got = out.value(k, json("absent"));
    if (got != expected[k]) d.lines.push_back(k + ": expected " + expected[k].dump() + ", got " + got.dump());
  }
  return d;
}

void CheckMetricsMatch(const json& expected, const json& out, const std::set<std::string>& differing,
                       const std::vector<std::string>& tables) {
  json want = expected;
  for (const std::string& m : differing) {
    const std::size_t a = m.find('.'), b = m.rfind('.');
    want[m.substr(0, a)][m.substr(a + 1, b - a - 1)][m.substr(b + 1)] = nullptr;
  }
  for (const std::string& line : CompareWithOracle(want, out, {}, tables).lines) FAIL_CHECK(line);
  if (expected.contains("tables_found")) CHECK(out["tables_found"] == expected["tables_found"]);
}

}  // namespace nianbao::documents::testing
