// `nianbao reparse`: stored revisions read again by this build's readers, on
// the committed schema-4 database (tests/fixtures/storage/README.md): its
// 木兰县柳河镇 2022 report was left `attachment` with a text attachment
// stored unread, 2023 links a RAR file, 南岗区王岗镇 2021 is a parsed page.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/app/cli_fixture.h"

using nianbao::testing::CliDatabase;
using Json = nlohmann::json;

namespace {

std::string CopyV4(const CliDatabase& db) {
  std::string path = db.File("v4.db");
  std::filesystem::copy_file(NIANBAO_SOURCE_DIR "/tests/fixtures/storage/v4.db", path);
  return path;
}

}  // namespace

TEST_CASE("reparse reads old and attachment reports again, without a refetch") {
  CliDatabase db;
  const std::string path = CopyV4(db);
  auto r = db.RunOn(path, {"reparse"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out == "reparsed 3 reports: 1 changed, 1 unchanged, 1 unreadable\n");

  auto reports = db.RunOn(path, {"reports", "--json"});
  REQUIRE_MESSAGE(reports.exit_code == 0, reports.err);
  Json j = Json::parse(reports.out);
  REQUIRE(j.size() == 3);
  std::map<int, Json> by_year;
  for (const Json& x : j) by_year[x["year"].get<int>()] = x;
  CHECK(by_year[2021]["status"] == "parsed");
  CHECK(by_year[2021]["document"] == "html");
  CHECK(by_year[2022]["status"] == "parsed");
  CHECK(by_year[2022]["document"] == "text");
  CHECK(by_year[2023]["status"] == "attachment");
  CHECK(by_year[2023]["document"].is_null());

  // What is left: only the report whose attachment no reader can read.
  auto again = db.RunOn(path, {"reparse"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out == "reparsed 1 report: 0 changed, 0 unchanged, 1 unreadable\n");
  auto all = db.RunOn(path, {"reparse", "--status", "all", "--json"});
  REQUIRE_MESSAGE(all.exit_code == 0, all.err);
  CHECK(Json::parse(all.out) == Json{{"reparsed", 3}, {"changed", 0}, {"unchanged", 2}, {"unreadable", 1}});
}

TEST_CASE("reparse is refused while a writer holds the database") {
  CliDatabase db;  // its database stays open as writer, like a running daemon
  auto r = db.Run({"reparse"});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "nianbao: the daemon (pid " + std::to_string(::getpid()) + ") holds the database " + db.path() +
                     "; it re-reads old and attachment reports at the end of each cycle\n");
}

TEST_CASE("reparse refuses a status it does not know") {
  CliDatabase db;
  auto r = db.Run({"reparse", "--status", "parsed"});
  CHECK(r.exit_code == 2);
}
