// `nianbao alerts` (history) and `nianbao retry` (the one writing command,
// refused while another writer holds the database).
#include <doctest/doctest.h>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/app/cli_fixture.h"

using nianbao::testing::CliDatabase;
using Json = nlohmann::json;

TEST_CASE("alerts lists the history newest first, open and resolved") {
  CliDatabase db;
  db.Populate();
  auto r = db.Run({"alerts", "--json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  Json j = Json::parse(r.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["kind"] == "source_failing");
  CHECK(j[0]["resolved"] == true);
  CHECK(j[0]["agency"].is_null());
  CHECK(j[1]["kind"] == "missing");
  CHECK(j[1]["agency"] == "南岗区文化街道办事处");
  CHECK(j[1]["year"] == 2021);
  CHECK(j[1]["resolved"] == false);
  CHECK(j[1]["delivered_to"] == Json::array());
  CHECK(j[1]["first_seen"].get<std::string>().back() == 'Z');

  auto human = db.Run({"alerts"});
  REQUIRE(human.exit_code == 0);
  CHECK(human.out.find("when") == 0);
  CHECK(human.out.find("CST  missing") != std::string::npos);
  CHECK(human.out.find("not yet    open") != std::string::npos);
}

TEST_CASE("alerts on a fresh database says so") {
  CliDatabase db;
  auto r = db.Run({"alerts"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "no alerts yet; no crawl has run yet\n");
}

TEST_CASE("retry is refused while a writer holds the database") {
  CliDatabase db;
  db.Populate();  // still open as writer, like a running daemon
  auto r = db.Run({"retry"});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "nianbao: the daemon (pid " + std::to_string(::getpid()) + ") holds the database " + db.path() +
                     "; it retries failed documents each cycle\n");
}

TEST_CASE("retry re-queues transient failures, and --all the permanent ones too") {
  CliDatabase db;
  db.Populate();
  db.Close();
  auto r = db.Run({"retry"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("re-queued 1 failed document;") == 0);
  CHECK(r.out.find("1 permanent failure (404, robots, out of scope) stay failed") != std::string::npos);
  auto all = db.Run({"retry", "--all", "--json"});
  REQUIRE(all.exit_code == 0);
  CHECK(Json::parse(all.out) == Json{{"requeued", 1}, {"still_failed", 0}});
  auto status = Json::parse(db.Run({"status", "--json"}).out);
  CHECK(status["documents"]["pending"] == 2);
  CHECK(status["documents"]["failed"] == 0);
}
