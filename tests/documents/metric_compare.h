// Test helper: a Report's metrics against an expected file (the oracle keys
// of tests/fixtures/reports/README.md): every expected metric must be equal,
// and every non-null metric of the report must be expected. Also reads
// fixtures as bytes.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "parser/document_parts.h"
#include "parser/report_json.h"

namespace nianbao::documents::testing {

inline std::string ReadFixture(const std::filesystem::path& relative) {
  const std::filesystem::path p = std::filesystem::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures" / relative;
  std::ifstream in(p, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline nlohmann::json ReportJson(const parser::DocumentParts& parts) {
  return nlohmann::json::parse(parser::ReportToJsonText(parser::AssembleReport(parts, std::nullopt)));
}

inline void CompareMetrics(const nlohmann::json& expected, const nlohmann::json& out,
                           std::initializer_list<const char*> tables = {"active_disclosure", "requests",
                                                                         "review_litigation"}) {
  using nlohmann::json;
  for (const char* table : tables) {
    const json& e = expected.contains(table) ? expected[table] : json::object();
    for (auto row = e.begin(); row != e.end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        INFO(std::string(table) << "." << row.key() << "." << col.key());
        REQUIRE(out[table].contains(row.key()));
        CHECK(out[table][row.key()].value(col.key(), json("absent")) == col.value());
      }
    }
    if (!out.contains(table) || out[table].is_null()) continue;
    for (auto row = out[table].begin(); row != out[table].end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        if (col.value().is_null()) continue;
        INFO("extra metric " << std::string(table) << "." << row.key() << "." << col.key());
        CHECK((e.contains(row.key()) && e[row.key()].contains(col.key())));
      }
    }
  }
}

}  // namespace nianbao::documents::testing
