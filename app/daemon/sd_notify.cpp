// libsystemd already handles NOTIFY_SOCKET parsing (paths, abstract sockets,
// credentials); this file only fixes the message texts so the daemon sends
// them the same way everywhere, and sanitises STATUS= because a newline in it
// would start a new, unintended assignment.
#include "app/daemon/sd_notify.h"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <cstdint>
#include <string>

namespace nianbao::app::sd {
namespace {

bool Send(const std::string& message) { return sd_notify(0, message.c_str()) > 0; }

std::uint64_t MonotonicMicros() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

}  // namespace

bool Ready() { return Send("READY=1"); }

bool Status(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return Send("STATUS=" + line);
}

bool Reloading() { return Send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(MonotonicMicros())); }

bool Stopping() { return Send("STOPPING=1"); }

bool Watchdog() { return Send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> WatchdogInterval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(static_cast<std::int64_t>(usec));
}

}  // namespace nianbao::app::sd
