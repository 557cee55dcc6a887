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
  CHECK(unknown.err == "nianbao: unknown command 'frobnicate'; see nianbao --help\n");
  auto bad_year = RunProcess({NianbaoExe(), "missing", "--year", "abc"});
  CHECK(bad_year.exit_code == 2);
  CHECK(bad_year.err == "nianbao: --year: Value abc not in range 1990 to 2100\n");
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
    CHECK(r.err == "nianbao: " + cfg + ":3: crawler.per_host_dely_ms: unknown key\n");
  }
  auto env = RunProcess({NianbaoExe(), "crawl"}, 20000, {"NIANBAO_CONFIG=" + cfg});
  CHECK(env.exit_code == 2);
  CHECK(env.err == "nianbao: " + cfg + ":3: crawler.per_host_dely_ms: unknown key\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("a directory given as the configuration exits 2 naming it") {
  auto dir = TempDir("nianbao_cli_configdir");
  for (const char* command : {"crawl", "status"}) {
    auto r = RunProcess({NianbaoExe(), "--config", dir.string(), command});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "nianbao: " + dir.string() + ": is a directory, not a configuration file\n");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("parse prints the canonical JSON of one page, an array for several") {
  const std::string dir = NIANBAO_SOURCE_DIR "/tests/fixtures/";
  auto one = RunProcess({NianbaoExe(), "parse", "--json", dir + "reports/000/word_gbk.html", "--url",
                         "http://ngqxxgk.harbin.gov.cn/art/2022/1/20/art_126585_1.html"});
  CHECK(one.exit_code == 0);
  CHECK(one.out.rfind("{", 0) == 0);
  CHECK(one.out.find("\"agency\": \"南岗区王岗镇\"") != std::string::npos);
  CHECK(one.out.find("\"format\": \"2021\"") != std::string::npos);
  CHECK(one.out.find("\"url\": \"http://ngqxxgk.harbin.gov.cn/art/2022/1/20/art_126585_1.html\"") !=
        std::string::npos);
  CHECK(one.err.empty());

  auto several = RunProcess({NianbaoExe(), "parse", "--json", dir + "seeds/003_266125ce17aa5b9d.txt",
                             dir + "reports/004/hanweb.html"});
  CHECK(several.exit_code == 0);
  CHECK(several.out.rfind("[", 0) == 0);
  CHECK(several.out.find("\"format\": \"2019\"") != std::string::npos);

  auto human = RunProcess({NianbaoExe(), "parse", dir + "reports/001/trs.html"});
  CHECK(human.exit_code == 0);
  CHECK(human.out.find("format:     2021") != std::string::npos);
  CHECK(human.out.find("normative_documents") != std::string::npos);
}

TEST_CASE("parse --url resolves attachment links as the crawler does, without --url they stay as written") {
  const std::string page = NIANBAO_SOURCE_DIR "/tests/fixtures/html/hanweb_zoom.html";
  auto resolved = RunProcess({NianbaoExe(), "parse", "--json", page, "--url",
                              "http://www.nangang.gov.cn/art/2022/1/28/art_126585_1.html#top"});
  CHECK(resolved.out.find("\"url\": \"http://www.nangang.gov.cn/module/download/downfile.jsp?classid=0&"
                          "filename=2201281015.pdf&showname=%E5%B9%B4%E6%8A%A5.pdf\"") != std::string::npos);
  CHECK(resolved.out.find("\"url\": \"http://www.nangang.gov.cn/art/2022/files/biaoge.xlsx\"") != std::string::npos);
  CHECK(resolved.out.find("\"url\": \"http://www.nangang.gov.cn/art/2022/1/28/tongji.doc\"") != std::string::npos);
  auto raw = RunProcess({NianbaoExe(), "parse", "--json", page});
  CHECK(raw.out.find("\"url\": \"../../files/biaoge.xlsx\"") != std::string::npos);
  CHECK(raw.out.find("\"url\": \"tongji.doc\"") != std::string::npos);
}

TEST_CASE("parse exits 1 for a page without report tables and 3 for one it cannot read") {
  const std::string dir = NIANBAO_SOURCE_DIR "/tests/fixtures/";
  auto attachment = RunProcess({NianbaoExe(), "parse", dir + "reports/cases/attachment_only.html"});
  CHECK(attachment.exit_code == 1);
  CHECK(attachment.err == "nianbao parse: " + dir + "reports/cases/attachment_only.html: no report tables found\n");
  CHECK(attachment.out.find("attachment:") != std::string::npos);

  auto tmp = TempDir("nianbao_cli_parse");
  std::string garbage = (tmp / "garbage.bin").string();
  {
    std::ofstream f(garbage, std::ios::binary);
    for (int i = 0; i < 4096; ++i) f.put(static_cast<char>((i * 7919) % 256));
  }
  auto bad = RunProcess({NianbaoExe(), "parse", garbage});
  CHECK(bad.exit_code == 3);
  // Binary bytes are not a page: they go to the reader child, which names no form for them.
  CHECK(bad.err == "nianbao: cannot read " + garbage + ": unsupported: binary file: not a known document form\n");
  std::filesystem::remove_all(tmp);
}

TEST_CASE("a crawl of an unreachable column records the cause and status does not call it missing") {
  auto dir = TempDir("nianbao_cli_unreachable");
  std::string cfg = (dir / "n.toml").string();
  std::ofstream(cfg) << "[storage]\npath = \"n.db\"\n[crawler]\nretries = 0\ntimeout_s = 5\n"
                        "[[source]]\nname = \"甲县年报\"\nurl = \"http://nianbao-test.invalid/col/col1/index.html\"\n"
                        "agency = \"甲县甲镇\"\nfirst_year = 2020\n";
  auto crawl = RunProcess({NianbaoExe(), "--config", cfg, "crawl"}, 60000);
  CHECK_MESSAGE(crawl.exit_code == 0, crawl.err);
  auto status = RunProcess({NianbaoExe(), "--config", cfg, "status"});
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("failures    dns 1") != std::string::npos);
  CHECK(status.out.find("甲县年报 *") != std::string::npos);
  CHECK(status.out.find("not confirmed missing") != std::string::npos);
  auto alerts = RunProcess({NianbaoExe(), "--config", cfg, "--json", "alerts"});
  CHECK(alerts.exit_code == 0);
  CHECK(alerts.out.find("overdue") == std::string::npos);  // unread is not "published nothing"
  std::filesystem::remove_all(dir);
}
