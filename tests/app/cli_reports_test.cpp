// `nianbao reports`, `show`, `missing` and `diff` against a crawled database.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/app/cli_fixture.h"

using nianbao::testing::CliDatabase;
using Json = nlohmann::json;

TEST_CASE("reports --json lists every report with the interface's keys") {
  CliDatabase db;
  db.Populate();
  auto r = db.Run({"reports", "--json"});  // works while the writer holds the database
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  Json j = Json::parse(r.out);
  REQUIRE(j.size() == 5);
  const Json& first = j[0];  // ordered by year, agency
  CHECK(first["agency"] == "南岗区王岗镇");
  CHECK(first["year"] == 2020);
  for (const char* key : {"agency", "year", "title", "url", "published", "status", "checks_failed", "revisions",
                          "document"})
    CHECK_MESSAGE(first.contains(key), key);
  CHECK(first.size() == 9);
  CHECK(first["document"] == "html");  // a page's numbers
  CHECK(first["revisions"] == 1);
  CHECK(first["status"] == "parsed");

  auto y2022 = Json::parse(db.Run({"reports", "--json", "--year", "2022"}).out);
  REQUIRE(y2022.size() == 2);
  CHECK(y2022[0]["agency"] == "平房区教育局");
  CHECK(y2022[0]["status"] == "attachment");
  CHECK(y2022[0]["document"].is_null());  // no numbers read
  CHECK(y2022[1]["checks_failed"].get<int>() > 0);
  auto one = Json::parse(db.Run({"reports", "--json", "--agency", "南岗区王岗镇"}).out);
  CHECK(one.size() == 2);
}

TEST_CASE("reports in words: an aligned table, and a clear empty state") {
  CliDatabase db;
  db.Populate();
  auto r = db.Run({"reports", "--year", "2021"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("year  agency") == 0);
  CHECK(r.out.find("2021  南岗区王岗镇            2022-01-20  parsed") != std::string::npos);
  auto empty = db.Run({"reports", "--year", "2025"});
  CHECK(empty.exit_code == 0);
  CHECK(empty.out == "no reports for 2025 yet; last crawl 2 h ago\n");
  auto bad = db.Run({"reports", "--year", "twenty"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "nianbao: --year: Value twenty not in range 1990 to 2100\n");
}

TEST_CASE("show prints the stored canonical JSON, or a summary, or says there is none") {
  CliDatabase db;
  db.Populate();
  auto j = db.Run({"show", "--agency", "南岗区王岗镇", "--year", "2021", "--json"});
  REQUIRE_MESSAGE(j.exit_code == 0, j.err);
  Json report = Json::parse(j.out);
  CHECK(report["agency"] == "南岗区王岗镇");
  CHECK(report["year"] == 2021);
  CHECK(report["format"] == "2021");
  CHECK(report["requests"]["new"].contains("total"));
  CHECK(j.out.find("\n  \"title\"") != std::string::npos);  // pretty-printed

  auto human = db.Run({"show", "--agency", "南岗区王岗镇", "--year", "2021"});
  REQUIRE_MESSAGE(human.exit_code == 0, human.err);
  CHECK(human.out.find("南岗区王岗镇") != std::string::npos);
  CHECK(human.out.find("stored: parsed, saved 2022-01-21 08:00 CST") != std::string::npos);

  auto none = db.Run({"show", "--agency", "南岗区王岗镇", "--year", "2019"});
  CHECK(none.exit_code == 1);
  CHECK(none.out.empty());
  CHECK(none.err == "nianbao show: no report for 南岗区王岗镇 2019 (see `nianbao reports --year 2019`)\n");
  auto no_agency = db.Run({"show", "--year", "2021"});
  CHECK(no_agency.exit_code == 2);
  CHECK(no_agency.err == "nianbao: --agency is required\n");
}

TEST_CASE("missing --year lists who has not published and exits 1 when someone is overdue") {
  CliDatabase db;
  db.Populate();
  auto r = db.Run({"missing", "--year", "2021", "--json"});
  CHECK(r.exit_code == 1);
  Json j = Json::parse(r.out);
  REQUIRE(j.size() == 1);
  CHECK(j[0] == Json{{"agency", "南岗区文化街道办事处"}, {"year", 2021}, {"source", "南岗区政府信息公开年报"},
                     {"due", "2022-01-31"}, {"overdue", true}});
  auto human = db.Run({"missing", "--year", "2021"});
  CHECK(human.exit_code == 1);
  CHECK(human.out.find("1 of 3 expected agencies have no report for 2021") != std::string::npos);
  CHECK(human.out.find("南岗区文化街道办事处  南岗区政府信息公开年报  2022-01-31  overdue (was due") !=
        std::string::npos);

  // 2020: the roster starts then; the 2019-format report of 文化街道办事处 is not on the roster.
  auto y2020 = Json::parse(db.Run({"missing", "--year", "2020", "--json"}).out);
  CHECK(y2020.size() == 2);

  // Before the roster's first year nobody is expected.
  auto early = db.Run({"missing", "--year", "2019"});
  CHECK(early.exit_code == 0);
  CHECK(early.out.find("no agency is expected") == 0);
}

TEST_CASE("missing follows the configured deadline") {
  CliDatabase db;
  db.Populate();
  db.SetConfig("[schedule]\ndeadline = \"03-31\"\ngrace_days = 3\n");
  auto r = db.Run({"missing", "--year", "2021", "--json"});
  CHECK(r.exit_code == 1);
  Json j = Json::parse(r.out);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["due"] == "2022-04-03");
  db.SetConfig("[schedule]\ndeadline = \"13-01\"\n");
  auto bad = db.Run({"missing", "--year", "2021"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "nianbao: " + db.config() + ":2: schedule.deadline: '13-01' is not a month-day like \"01-31\"\n");
}

TEST_CASE("missing for a year not yet due is not a problem") {
  CliDatabase db;
  db.Populate();
  auto r = db.Run({"missing", "--year", "2099", "--json"});
  CHECK(r.exit_code == 0);
  Json j = Json::parse(r.out);
  REQUIRE(j.size() == 5);
  for (const Json& o : j) {
    CHECK(o["overdue"] == false);
    CHECK(o["due"] == "2100-01-31");
  }
}

TEST_CASE("diff compares Y with Y-1, and names the year that is missing") {
  CliDatabase db;
  db.Populate();
  auto j = db.Run({"diff", "--agency", "南岗区王岗镇", "--year", "2021", "--json"});
  REQUIRE_MESSAGE(j.exit_code == 0, j.err);
  Json d = Json::parse(j.out);
  CHECK(d["previous_year"] == 2020);
  CHECK(d["current_year"] == 2021);
  bool found = false;
  for (const Json& m : d["metrics"])
    if (m["table"] == "requests" && m["row"] == "new" && m["column"] == "total") found = m["previous"] == 9;
  CHECK(found);
  CHECK(d["text"]["reused"] == true);  // the same body both years

  auto human = db.Run({"diff", "--agency", "南岗区王岗镇", "--year", "2021"});
  REQUIRE(human.exit_code == 0);
  // A fee of 1.1988 万元 is printed as the report writes it (it once read 1.20).
  const std::string changes =
      "南岗区王岗镇: 2020 → 2021 (formats 2021 → 2021)\n"
      "\n"
      "metric                         2020    2021   change\n"
      "-----------------------------  ----  ------  -------\n"
      "active_disclosure.fees.amount     1  1.1988  +0.1988\n"
      "requests.new.total                9       4       -5\n"
      "(198 unchanged, 0 rows not comparable)\n";
  CHECK(human.out.substr(0, changes.size()) == changes);
  CHECK(human.out.find("requests.new.total") != std::string::npos);
  CHECK(human.out.find("text reuse: 100%") != std::string::npos);

  auto missing_prev = db.Run({"diff", "--agency", "南岗区企业和投资服务局", "--year", "2021"});
  CHECK(missing_prev.exit_code == 1);
  CHECK(missing_prev.err == "nianbao diff: no report for 南岗区企业和投资服务局 2020 (needed to compare with 2021)\n");
  auto neither = db.Run({"diff", "--agency", "南岗区王岗镇", "--year", "2024"});
  CHECK(neither.exit_code == 1);
  CHECK(neither.err == "nianbao diff: no report for 南岗区王岗镇 2023 or 2024\n");
}
