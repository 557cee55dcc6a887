// The installed default configuration loads, and the daemon's log set-up
// picks the journal under systemd.
#include <doctest/doctest.h>

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "app/cli/logging.h"
#include "app/config/config.h"
#include "app/daemon/crawl_runner.h"

namespace nianbao::app {
namespace {
TEST_CASE("the installed default configuration is valid and stores under /var/lib/nianbao") {
  auto cfg = LoadConfig(NIANBAO_SOURCE_DIR "/systemd/nianbao.toml");
  REQUIRE_MESSAGE(cfg.ok(), cfg.status().message());
  CHECK(cfg->storage.path == "/var/lib/nianbao/nianbao.db");
  CHECK_FALSE(cfg->sources.empty());
  CHECK(cfg->crawler.respect_robots);
}

TEST_CASE("the fetcher gets the [crawler] values, net's defaults for the rest, and the sources' hosts") {
  auto cfg = ParseConfig("[crawler]\nuser_agent = \"ua-test\"\nper_host_delay_ms = 250\nretries = 2\n", "t.toml");
  REQUIRE_MESSAGE(cfg.ok(), cfg.status().message());
  crawler::SourceSpec source;
  source.name = "a";
  source.url = "http://a.test/col/index.html";
  net::FetcherOptions o = FetcherOptionsFrom(cfg->crawler, {source});
  CHECK(o.user_agent == "ua-test");
  CHECK(o.per_host_delay_ms == 250);
  CHECK(o.retries == 2);
  CHECK(o.connect_timeout_s == net::FetcherOptions{}.connect_timeout_s);
  CHECK(o.retry_base_ms == net::FetcherOptions{}.retry_base_ms);
  CHECK(o.allowed_hosts == std::set<std::string>{"a.test"});
}

TEST_CASE("one default User-Agent: an empty configuration sends the fetcher's") {
  auto cfg = ParseConfig("", "empty.toml");
  REQUIRE(cfg.ok());
  CHECK(cfg->crawler.user_agent == "nianbao/0.1 (+https://github.com/nianbao)");
  CHECK(FetcherOptionsFrom(cfg->crawler, {}).user_agent == net::FetcherOptions{}.user_agent);
}



TEST_CASE("daemon logging picks the journal under systemd and survives a journal that is not there") {
  const char* old = std::getenv("JOURNAL_STREAM");
  const std::string saved = old ? old : "";
  ::unsetenv("INVOCATION_ID");
  ::unsetenv("JOURNAL_STREAM");
  CHECK_FALSE(SetUpDaemonLogging(0));
  ::setenv("JOURNAL_STREAM", "8:12345", 1);
  CHECK(SetUpDaemonLogging(0));
  // Whether or not journald listens here, a log call must not throw.
  CHECK_NOTHROW(spdlog::warn("daemon logging test line"));
  CHECK_NOTHROW(spdlog::error("daemon logging test line {}", 2));
  if (old) ::setenv("JOURNAL_STREAM", saved.c_str(), 1);
  else ::unsetenv("JOURNAL_STREAM");
  SetUpDaemonLogging(0);
}

}  // namespace
}  // namespace nianbao::app
