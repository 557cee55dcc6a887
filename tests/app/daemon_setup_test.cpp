// The installed default configuration loads, and the daemon's log set-up
// picks the journal under systemd.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
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



// A sink that fails as the journal's does when journald is gone.
class FailingSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg&) override { throw spdlog::spdlog_ex("journal gone"); }
  void flush_() override {}
};

// Everything written to fd 2 while it lives, for reading back.
class CapturedStderr {
 public:
  CapturedStderr() : file_(std::tmpfile()), saved_(::dup(2)) {
    REQUIRE(file_ != nullptr);
    REQUIRE(saved_ >= 0);
    std::fflush(stderr);
    REQUIRE(::dup2(::fileno(file_), 2) == 2);
  }
  ~CapturedStderr() { Restore(); }
  std::string Text() {
    Restore();
    std::rewind(file_);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;) out.append(buf, n);
    return out;
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_;
  int saved_;
};

template <typename Sink>
bool OnlySinkIs() {
  const auto& sinks = spdlog::default_logger()->sinks();
  return sinks.size() == 1 && dynamic_cast<Sink*>(sinks.front().get()) != nullptr;
}

TEST_CASE("daemon logging picks the journal under systemd, stderr otherwise") {
  const char* old = std::getenv("JOURNAL_STREAM");
  const std::string saved = old ? old : "";
  ::unsetenv("INVOCATION_ID");
  ::unsetenv("JOURNAL_STREAM");
  CHECK_FALSE(SetUpDaemonLogging(0));
  CHECK(OnlySinkIs<spdlog::sinks::stderr_color_sink_mt>());
  CHECK(spdlog::default_logger()->level() == spdlog::level::info);
  ::setenv("JOURNAL_STREAM", "8:12345", 1);
  CHECK(SetUpDaemonLogging(1));
  CHECK(OnlySinkIs<spdlog::sinks::systemd_sink_mt>());
  CHECK(spdlog::default_logger()->level() == spdlog::level::debug);
  ::unsetenv("JOURNAL_STREAM");
  ::setenv("INVOCATION_ID", "0123456789abcdef", 1);
  CHECK(SetUpDaemonLogging(-1));
  CHECK(spdlog::default_logger()->level() == spdlog::level::warn);
  ::unsetenv("INVOCATION_ID");
  if (old) ::setenv("JOURNAL_STREAM", saved.c_str(), 1);
  SetUpDaemonLogging(0);
}

TEST_CASE("a failing log sink is reported on stderr and the log call returns") {
  ::unsetenv("INVOCATION_ID");
  const char* old = std::getenv("JOURNAL_STREAM");
  const std::string saved = old ? old : "";
  ::unsetenv("JOURNAL_STREAM");
  REQUIRE_FALSE(SetUpDaemonLogging(0));
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.clear();
  sinks.push_back(std::make_shared<FailingSink>());
  CapturedStderr captured;
  spdlog::warn("daemon logging test line");
  spdlog::info("and the next line {}", 2);
  CHECK(captured.Text() == "nianbao: logging failed: journal gone\nnianbao: logging failed: journal gone\n");
  if (old) ::setenv("JOURNAL_STREAM", saved.c_str(), 1);
  SetUpDaemonLogging(0);
}

}  // namespace
}  // namespace nianbao::app
