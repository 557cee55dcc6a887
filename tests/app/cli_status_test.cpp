// `nianbao status` and the database-opening rules every read command shares:
// the shipped executable run against databases built through the storage API.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "storage/db.h"
#include "tests/app/cli_fixture.h"

using nianbao::testing::CliDatabase;
using Json = nlohmann::json;

TEST_CASE("a missing database is named, with what to do, and exits 3 without creating it") {
  CliDatabase db;
  std::string absent = db.File("absent.db");
  for (const char* cmd : {"status", "reports", "alerts", "retry"}) {
    auto r = db.RunOn(absent, {cmd});
    CHECK_MESSAGE(r.exit_code == 3, cmd);
    CHECK_MESSAGE(r.err == "nianbao: no database at " + absent + " yet; run `nianbao crawl` first\n", cmd);
    CHECK(r.out.empty());
  }
  CHECK_FALSE(std::filesystem::exists(absent));
}

TEST_CASE("another application's database is refused in one line naming it, and exits 3") {
  CliDatabase db;
  std::string other = db.File("other.db");
  {
    auto raw = nianbao::storage::Db::Open(other, nianbao::storage::DbMode::kWriter);
    REQUIRE(raw.ok());
    REQUIRE((*raw)->Exec("CREATE TABLE documents(id INTEGER PRIMARY KEY, title TEXT)").ok());
  }
  for (const char* cmd : {"status", "crawl"}) {
    auto r = db.RunOn(other, {cmd});
    CHECK_MESSAGE(r.exit_code == 3, cmd);
    CHECK(r.err == "nianbao: " + other + ": not a nianbao database (it has tables but no nianbao schema version)\n");
    CHECK(r.out.empty());
  }
}

TEST_CASE("status --json of a crawled database") {
  CliDatabase db;
  db.Populate();
  db.Close();
  auto r = db.Run({"status", "--json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  Json j = Json::parse(r.out);  // exactly one document
  CHECK(j["documents"]["parsed"] == 5);
  CHECK(j["documents"]["failed"] == 2);
  CHECK(j["documents"]["pending"] == 0);
  CHECK(j["documents"]["fetched"] == 0);
  CHECK(j["failures"]["timeout"] == 1);
  CHECK(j["failures"]["http"] == 1);
  REQUIRE(j["sources"].size() == 1);
  CHECK(j["sources"][0]["name"] == "南岗区政府信息公开年报");
  CHECK(j["sources"][0]["pages"] == 5);
  CHECK(j["sources"][0]["errors"] == 2);
  CHECK(j["alerts_open"] == 1);
  CHECK(j["daemon"]["running"] == false);
  CHECK(j["last_cycle"]["state"] == "finished");
  REQUIRE(j["reports_per_year"].size() == 3);
  CHECK(j["reports_per_year"][1] == Json{{"year", 2021}, {"reports", 2}, {"parsed", 2}, {"attachment", 0},
                                          {"failed", 0}, {"checks_failed", 0}});
  CHECK(j["reports_per_year"][2]["attachment"] == 1);
  CHECK(j["reports_per_year"][2]["checks_failed"] == 1);
  bool wengang_2021_overdue = false;
  for (const Json& o : j["overdue"]) {
    if (o["agency"] == "南岗区王岗镇") CHECK(o["year"] > 2021);  // it published 2020 and 2021
    if (o["agency"] == "南岗区文化街道办事处" && o["year"] == 2021) wengang_2021_overdue = o["due"] == "2022-01-31";
  }
  CHECK(wengang_2021_overdue);
}

TEST_CASE("status in words: daemon, last cycle in local time, documents, sources, reports, overdue") {
  CliDatabase db;
  db.Populate();
  db.Close();
  auto r = db.Run({"status"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("not running") != std::string::npos);
  CHECK(r.out.find("CST (2 h ago)") != std::string::npos);
  CHECK(r.out.find("0 pending, 0 fetching, 0 fetched, 5 parsed, 2 failed") != std::string::npos);
  CHECK(r.out.find("timeout 1") != std::string::npos);
  CHECK(r.out.find("南岗区政府信息公开年报") != std::string::npos);
  CHECK(r.out.find("1 open") != std::string::npos);
  CHECK(r.out.find("南岗区文化街道办事处    南岗区政府信息公开年报  2020, 2021, 2022") != std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);  // not a terminal: no colour
}

TEST_CASE("status of a fresh database says what to do, and sees a running writer") {
  CliDatabase db;  // the writer stays open: it holds the lock as the daemon would
  auto r = db.Run({"status"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("running (pid " + std::to_string(::getpid()) + ")") != std::string::npos);
  CHECK(r.out.find("none yet; run `nianbao crawl`") != std::string::npos);
  auto j = db.Run({"status", "--json"});
  REQUIRE(j.exit_code == 0);
  Json parsed = Json::parse(j.out);
  CHECK(parsed["daemon"]["running"] == true);
  CHECK(parsed["daemon"]["pid"] == ::getpid());
  CHECK(parsed["last_cycle"].is_null());
  CHECK(parsed["sources"].empty());
}
