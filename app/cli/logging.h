// Daemon logging: where `nianbao run` sends its log lines. Under systemd
// ($JOURNAL_STREAM names our stderr, or $INVOCATION_ID is set) lines go to the
// journal through spdlog's systemd sink, so each carries a PRIORITY the
// journal can filter on; otherwise they go to stderr as for every command.
// A failing sink (journald restarting, a full disk) must never end a crawl:
// an spdlog error handler reports it once on stderr and carries on.
// Call once, on the main thread, before any other thread logs.
#pragma once

namespace nianbao::app {

// Replaces the default logger; `verbosity` as GlobalOptions (-v +1, -q -1).
// Returns true when the journal sink was chosen.
bool SetUpDaemonLogging(int verbosity);

}  // namespace nianbao::app
