// The installed default configuration loads, and the daemon's log set-up
// picks the journal under systemd.
#include <doctest/doctest.h>

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "app/cli/logging.h"
#include "app/config/config.h"

namespace nianbao::app {
namespace {
TEST_CASE("the installed default configuration is valid and stores under /var/lib/nianbao") {
  auto cfg = LoadConfig(NIANBAO_SOURCE_DIR "/systemd/nianbao.toml");
  REQUIRE_MESSAGE(cfg.ok(), cfg.status().message());
  CHECK(cfg->storage.path == "/var/lib/nianbao/nianbao.db");
  CHECK_FALSE(cfg->sources.empty());
  CHECK(cfg->crawler.respect_robots);
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
