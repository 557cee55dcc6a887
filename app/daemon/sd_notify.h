// sd_notify: the daemon's messages to systemd (Type=notify, crawlers.md §5.1),
// a thin layer over libsystemd's sd_notify() and sd_watchdog_enabled().
// Every call is a no-op returning false when NOTIFY_SOCKET is unset (run from
// a terminal, or in tests), so callers never need to check for systemd.
// Stateless and thread-safe; the environment is left untouched.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace nianbao::app::sd {

// Each returns true when the message was sent, false when there is no
// notification socket or sending failed (systemd then simply does not hear).

// READY=1: configuration loaded, database open, loop running.
bool Ready();
// STATUS=<text>, shown by `systemctl status`; line breaks become spaces.
bool Status(std::string_view text);
// RELOADING=1 and MONOTONIC_USEC=<now, CLOCK_MONOTONIC>. systemd 252 acts on
// RELOADING=1 and ignores MONOTONIC_USEC; 253+ (Type=notify-reload) needs it.
bool Reloading();
// STOPPING=1: shutting down, no new work.
bool Stopping();
// WATCHDOG=1: the health check passed.
bool Watchdog();
// The watchdog period systemd expects pings within (WATCHDOG_USEC for this
// process), or nullopt when the watchdog is off. Ping at half of it.
std::optional<std::chrono::microseconds> WatchdogInterval();

}  // namespace nianbao::app::sd
