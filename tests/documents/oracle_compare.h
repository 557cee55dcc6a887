// Comparing a document read through parser::AssembleReport with its oracle
// (an .expected.json typed by hand, or the expected file of the HTML a
// fixture was generated from): every metric of the three tables, both ways
// (a wrong value, a missing one, an extra one), and the identity fields the
// oracle names. Returns the differences, one line each, so a test can assert
// none and a run can count cells.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace nianbao::documents::testing {

struct OracleDiff {
  int metrics = 0;                  // metrics the oracle states
  int matched = 0;                  // of those, equal in the output
  std::vector<std::string> lines;   // "requests.new.total: expected 3119, got null"
};

inline OracleDiff CompareWithOracle(const nlohmann::json& expected, const nlohmann::json& out,
                                    const std::vector<std::string>& identity_keys) {
  OracleDiff d;
  for (const char* table : {"active_disclosure", "requests", "review_litigation"}) {
    const nlohmann::json& e = expected.contains(table) ? expected[table] : nlohmann::json::object();
    const nlohmann::json& o = out.contains(table) ? out[table] : nlohmann::json::object();
    for (auto row = e.begin(); row != e.end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        ++d.metrics;
        std::string where = std::string(table) + "." + row.key() + "." + col.key();
        nlohmann::json got = o.contains(row.key()) ? o[row.key()].value(col.key(), nlohmann::json("absent"))
                                                   : nlohmann::json("absent");
        if (got == col.value()) {
          ++d.matched;
        } else {
          d.lines.push_back(where + ": expected " + col.value().dump() + ", got " + got.dump());
        }
      }
    }
    for (auto row = o.begin(); row != o.end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        if (col.value().is_null()) continue;
        if (e.contains(row.key()) && e[row.key()].contains(col.key())) continue;
        d.lines.push_back("extra " + std::string(table) + "." + row.key() + "." + col.key() + " = " +
                          col.value().dump());
      }
    }
  }
  for (const std::string& k : identity_keys) {
    if (!expected.contains(k)) continue;
    nlohmann::json got = out.value(k, nlohmann::json("absent"));
    if (got != expected[k]) d.lines.push_back(k + ": expected " + expected[k].dump() + ", got " + got.dump());
  }
  return d;
}

}  // namespace nianbao::documents::testing
