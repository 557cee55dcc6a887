// Golden tests over tests/fixtures: every report page (three site styles per
// seed, plus the hard cases) and every seed .txt is parsed and compared (1)
// with the independent oracle <style>.expected.json, metric by metric, and (2)
// with the stored canonical output <style>.golden.json (seed.golden.json for
// the .txt). NIANBAO_UPDATE_GOLDEN=1 rewrites the golden files.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "parser/parse.h"
#include "parser/report_json.h"

namespace nianbao::parser {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const fs::path kFixtures = fs::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Page {
  fs::path input;
  fs::path expected;
  fs::path golden;
  bool seed_text = false;  // the .txt: title/published/attachments are the HTML pages' own
};

std::vector<Page> Pages() {
  std::vector<Page> pages;
  fs::path reports = kFixtures / "reports";
  if (!fs::exists(reports)) return pages;
  std::vector<fs::path> dirs;
  for (const auto& d : fs::directory_iterator(reports)) {
    if (d.is_directory()) dirs.push_back(d.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    std::vector<fs::path> htmls;
    for (const auto& f : fs::directory_iterator(dir)) {
      if (f.path().extension() == ".html") htmls.push_back(f.path());
    }
    std::sort(htmls.begin(), htmls.end());
    for (const fs::path& h : htmls) {
      fs::path stem = dir / h.stem();
      pages.push_back({h, stem.string() + ".expected.json", stem.string() + ".golden.json", false});
    }
    // The seed itself, judged by the oracle of the page that prints its cells as they are.
    for (const auto& f : fs::directory_iterator(kFixtures / "seeds")) {
      if (f.path().filename().string().rfind(dir.filename().string() + "_", 0) == 0) {
        pages.push_back({f.path(), dir / "hanweb.expected.json", dir / "seed.golden.json", true});
      }
    }
  }
  return pages;
}

void CompareMetrics(const json& expected, const json& out) {
  for (const char* table : {"active_disclosure", "requests", "review_litigation"}) {
    const json& e = expected.contains(table) ? expected[table] : json::object();
    for (auto row = e.begin(); row != e.end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        INFO(table << "." << row.key() << "." << col.key());
        REQUIRE(out[table].contains(row.key()));
        CHECK(out[table][row.key()].value(col.key(), json("absent")) == col.value());
      }
    }
    for (auto row = out[table].begin(); row != out[table].end(); ++row) {
      for (auto col = row.value().begin(); col != row.value().end(); ++col) {
        if (col.value().is_null()) continue;
        INFO("extra metric " << table << "." << row.key() << "." << col.key());
        CHECK((e.contains(row.key()) && e[row.key()].contains(col.key())));
      }
    }
  }
}

void CompareIdentity(const json& expected, const json& out, bool seed_text) {
  std::vector<const char*> keys = {"agency", "year", "format"};
  if (!seed_text) keys.insert(keys.end(), {"title", "published"});
  for (const char* k : keys) {
    if (!expected.contains(k)) continue;
    INFO(k);
    CHECK(out[k] == expected[k]);
  }
  if (!seed_text && expected.contains("attachments")) {
    json urls = json::array();
    for (const auto& a : out["attachments"]) urls.push_back(a["url"]);
    CHECK(urls == expected["attachments"]);
  }
  if (expected.contains("tables_found")) CHECK(out["tables_found"] == expected["tables_found"]);
  for (const auto& want : expected.value("expect_checks", json::array())) {
    INFO("check " << want.dump());
    bool found = false;
    for (const auto& c : out["checks"]) {
      if (c["rule"] == want["rule"] && c["scope"] == want["scope"]) {
        found = true;
        CHECK(c["status"] == want["status"]);
      }
    }
    CHECK(found);
  }
}

void CompareGolden(const Page& page, const std::string& text) {
  const char* update = std::getenv("NIANBAO_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(page.golden, std::ios::binary) << text;
    return;
  }
  INFO("golden " << page.golden.string() << " (NIANBAO_UPDATE_GOLDEN=1 regenerates it)");
  REQUIRE(fs::exists(page.golden));
  CHECK(ReadFile(page.golden) == text);
}

TEST_CASE("every fixture page and seed parses to its oracle and its golden output") {
  std::vector<Page> pages = Pages();
  REQUIRE(pages.size() >= 5);  // the fixtures are part of the repository
  for (const Page& page : pages) {
    INFO("page " << page.input.string());
    std::string bytes = ReadFile(page.input);
    ParseInput in;
    in.bytes = bytes;
    Result<Report> report = ParseDocument(in);
    REQUIRE(report.ok());
    std::string text = ReportToJsonText(*report) + "\n";
    json out = json::parse(text);
    json expected = json::parse(ReadFile(page.expected));
    CompareIdentity(expected, out, page.seed_text);
    CompareMetrics(expected, out);
    CompareGolden(page, text);
  }
}

}  // namespace
}  // namespace nianbao::parser
