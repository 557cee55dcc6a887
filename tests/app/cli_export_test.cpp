// `nianbao export` run as the shipped executable: csv, json and html files.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/app/cli_fixture.h"

using nianbao::testing::CliDatabase;
using Json = nlohmann::json;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("export --format csv: BOM, one row per report, metric columns by canonical key") {
  CliDatabase db;
  db.Populate();
  auto r = db.Run({"export", "--format", "csv"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.rfind("\xEF\xBB\xBF" "agency,year,format,status,title,url,published,checks_failed,", 0) == 0);
  CHECK(Count(r.out, "\r\n") == 6);  // header + 5 reports
  CHECK(r.out.find(",requests.new.natural_person,") != std::string::npos);
  CHECK(r.out.find("\r\n南岗区王岗镇,2021,2021,parsed,") != std::string::npos);

  std::string file = db.File("reports-2021.csv");
  auto to_file = db.Run({"export", "--format", "csv", "--year", "2021", "-o", file});
  REQUIRE_MESSAGE(to_file.exit_code == 0, to_file.err);
  CHECK(to_file.out.empty());
  CHECK(Count(Slurp(file), "\r\n") == 3);
}

TEST_CASE("export --format json: an array of canonical reports") {
  CliDatabase db;
  db.Populate();
  auto r = db.Run({"export", "--format", "json", "--year", "2021"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  Json j = Json::parse(r.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["agency"] == "南岗区企业和投资服务局");
  CHECK(j[1]["agency"] == "南岗区王岗镇");
  CHECK(j[1]["requests"]["new"].contains("total"));
  auto bad_dir = db.Run({"export", "--format", "json", "-o", db.File("no/such/dir/x.json")});
  CHECK(bad_dir.exit_code == 3);
  // The temporary file's name carries the exporting process's pid.
  const std::string head = "nianbao: " + db.File("no/such/dir/x.json") + ".tmp.";
  const std::string tail = ": cannot create the export file\n";
  CHECK(bad_dir.err.rfind(head, 0) == 0);
  CHECK(bad_dir.err.size() > head.size() + tail.size());
  CHECK(bad_dir.err.substr(bad_dir.err.size() - tail.size()) == tail);
  CHECK(bad_dir.err.substr(head.size(), bad_dir.err.size() - head.size() - tail.size()).find_first_not_of("0123456789") ==
        std::string::npos);
}

TEST_CASE("export --format html: the dashboard grid with a cell per agency and year") {
  CliDatabase db;
  db.Populate();
  std::string file = db.File("dashboard.html");
  auto r = db.Run({"export", "--format", "html", "-o", file});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::string page = Slurp(file);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  // 2021: 王岗镇 on time, 企业和投资服务局 late, 文化街道办事处 overdue.
  CHECK(Count(page, "class=\"cell on-time\" data-year=\"2021\"") == 1);
  CHECK(Count(page, "class=\"cell late\" data-year=\"2021\"") == 1);
  CHECK(Count(page, "class=\"cell overdue\" data-year=\"2021\"") == 1);
  CHECK(Count(page, "class=\"cell unreadable\" data-year=\"2022\"") == 1);
  CHECK(Count(page, "class=\"cell checks-failed\" data-year=\"2022\"") == 1);
}
