// `nianbao crawl` of a Hanweb column that pages for ever (45 fresh records a
// window, totalrecord 99999999) next to an ordinary column: the crawl ends,
// the endless source fails with cause `limit` and a message naming the bound,
// and the deadline checks still raise the overdue alerts of the other source.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/app/process.h"
#include "tests/support/fixture_site.h"
#include "tests/support/http_test_server.h"

namespace nianbao::app {
namespace {

namespace fs = std::filesystem;

TEST_CASE("a crawl with an endlessly paging column finishes and still raises the other source's alerts") {
  const fs::path dir = fs::temp_directory_path() / ("nianbao_bounds_cli_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  testing::HttpTestServer server;
  REQUIRE(server.status().ok());
  const std::string endless = "endless.synthetic.gov.cn", calm = "calm.synthetic.gov.cn";
  testing::SyntheticSiteOptions e;
  e.articles = 45;
  e.per_column = 45;
  e.endless_total = 99999999;
  testing::AddSyntheticSite(server, endless, e);
  testing::SyntheticSiteOptions c;
  c.articles = 20;
  c.per_column = 20;
  testing::AddSyntheticSite(server, calm, c);
  std::ostringstream t;
  t << "[storage]\npath = \"" << (dir / "n.db").string() << "\"\n\n"
    << "[crawler]\nper_host_delay_ms = 0\nretries = 0\nallow_private = true\nresolve = [\"" << endless << ":"
    << server.port() << ":127.0.0.1\", \"" << calm << ":" << server.port() << ":127.0.0.1\"]\n\n"
    << "[[source]]\nname = \"无尽栏目\"\nurl = \"" << server.Url(endless, "/col/col1000/index.html") << "\"\n\n"
    << "[[source]]\nname = \"平静栏目\"\nurl = \"" << server.Url(calm, "/col/col1000/index.html")
    << "\"\nagency = \"从不发布的单位\"\nfirst_year = 2021\n";
  const std::string config = (dir / "n.toml").string();
  std::ofstream(config) << t.str();

  testing::ProcessResult crawl = testing::RunProcess({testing::NianbaoExe(), "--config", config, "crawl"}, 60000);
  REQUIRE_FALSE(crawl.timed_out);
  CHECK_MESSAGE(crawl.exit_code == 0, crawl.err);
  CHECK_MESSAGE(crawl.err.find("source 无尽栏目: totalrecord 99999999 against 45 records seen "
                               "(crawler.max_total_records)") != std::string::npos,
                crawl.err);

  testing::ProcessResult status =
      testing::RunProcess({testing::NianbaoExe(), "--config", config, "--json", "status"}, 20000);
  REQUIRE(status.exit_code == 0);
  CHECK_MESSAGE(status.out.find("\"limit\":") != std::string::npos, status.out);

  testing::ProcessResult alerts = testing::RunProcess({testing::NianbaoExe(), "--config", config, "alerts"}, 20000);
  REQUIRE(alerts.exit_code == 0);
  CHECK_MESSAGE(alerts.out.find("从不发布的单位") != std::string::npos, alerts.out);
  CHECK_MESSAGE(alerts.out.find("overdue") != std::string::npos, alerts.out);
  if (!std::getenv("KEEP")) fs::remove_all(dir);
}

}  // namespace
}  // namespace nianbao::app
