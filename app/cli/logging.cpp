// The journal sink is chosen from the environment systemd gives a service,
// not from a flag, so the same ExecStart works under systemd and in a shell.
// enable_formatting is off: the journal records time, priority and the
// identifier itself, and a pattern would only duplicate them in MESSAGE.
#include "app/cli/logging.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

namespace nianbao::app {
namespace {

bool UnderSystemd() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  const char* invocation = std::getenv("INVOCATION_ID");
  return (stream != nullptr && *stream != '\0') || (invocation != nullptr && *invocation != '\0');
}

}  // namespace

bool SetUpDaemonLogging(int verbosity) {
  const bool journal = UnderSystemd();
  std::shared_ptr<spdlog::logger> logger;
  if (journal) {
    auto sink = std::make_shared<spdlog::sinks::systemd_sink_mt>("nianbao", false);
    logger = std::make_shared<spdlog::logger>("nianbao-daemon", sink);
  } else {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    logger = std::make_shared<spdlog::logger>("nianbao-daemon", sink);
    logger->set_pattern("%Y-%m-%d %H:%M:%S %^%l%$ %v");
  }
  logger->set_level(verbosity > 0 ? spdlog::level::debug
                    : verbosity < 0 ? spdlog::level::warn
                                    : spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  // Never throw out of a log call; say so on stderr, at most a few times.
  auto on_error = [](const std::string& message) {
    static std::atomic<int> reported{0};
    if (reported.fetch_add(1) < 5) std::fprintf(stderr, "nianbao: logging failed: %s\n", message.c_str());
  };
  logger->set_error_handler(on_error);
  spdlog::set_default_logger(logger);
  spdlog::set_error_handler(on_error);
  return journal;
}

}  // namespace nianbao::app
