// The shipped executable's command line: exit statuses and messages.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/app/process.h"

using nianbao::testing::NianbaoExe;
using nianbao::testing::RunProcess;

namespace {

std::filesystem::path TempDir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("--help succeeds and lists the commands") {
  auto r = RunProcess({NianbaoExe(), "--help"});
  CHECK(r.exit_code == 0);
  for (const char* cmd : {"run", "crawl", "status", "reports", "missing", "show", "diff", "parse", "alerts", "retry",
                          "export"})
    CHECK_MESSAGE(r.out.find(cmd) != std::string::npos, cmd);
}

TEST_CASE("usage errors exit 2 with a message") {
  auto none = RunProcess({NianbaoExe()});
  CHECK(none.exit_code == 2);
  auto unknown = RunProcess({NianbaoExe(), "frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("frobnicate") != std::string::npos);
  auto bad_year = RunProcess({NianbaoExe(), "missing", "--year", "abc"});
  CHECK(bad_year.exit_code == 2);
  CHECK(bad_year.err.find("--year") != std::string::npos);
  auto no_year = RunProcess({NianbaoExe(), "missing"});
  CHECK(no_year.exit_code == 2);
  auto bad_format = RunProcess({NianbaoExe(), "export", "--format", "xml"});
  CHECK(bad_format.exit_code == 2);
  auto missing_file = RunProcess({NianbaoExe(), "parse", "/nonexistent/page.html"});
  CHECK(missing_file.exit_code == 2);
}

TEST_CASE("a bad configuration exits 2 naming file, line and key") {
  auto dir = TempDir("nianbao_cli_badconfig");
  std::string cfg = (dir / "bad.toml").string();
  std::ofstream(cfg) << "[crawler]\nretries = 3\nper_host_dely_ms = 5\n";
  // Global options are accepted before and after the sub-command.
  for (auto args : {std::vector<std::string>{NianbaoExe(), "--config", cfg, "crawl"},
                    std::vector<std::string>{NianbaoExe(), "crawl", "--config", cfg}}) {
    auto r = RunProcess(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(cfg + ":3: crawler.per_host_dely_ms: unknown key") != std::string::npos);
  }
  auto env = RunProcess({NianbaoExe(), "crawl"}, 20000, {"NIANBAO_CONFIG=" + cfg});
  CHECK(env.exit_code == 2);
  CHECK(env.err.find(cfg + ":3:") != std::string::npos);
  std::filesystem::remove_all(dir);
}
