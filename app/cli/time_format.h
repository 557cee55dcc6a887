// Times for human output: local wall-clock time with its zone abbreviation
// ("2026-01-20 09:30 CST") and how long ago something happened ("2 h ago").
// JSON output uses IsoUtc ("2026-01-20T01:30:00Z") so scripts need no zone.
// Pure functions of their arguments plus the process's TZ (localtime_r).
#pragma once

#include <string>

#include "common/clock.h"

namespace nianbao::app {

// "YYYY-MM-DD HH:MM ZZZ" in the local time zone.
std::string LocalTime(UnixMillis t);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string IsoUtc(UnixMillis t);

// "just now", "5 min ago", "2 h ago", "3 d ago"; "in 2 h" for a time after `now`.
std::string Ago(UnixMillis then, UnixMillis now);

// "2026-01-20 09:30 CST (2 h ago)".
std::string LocalTimeAgo(UnixMillis t, UnixMillis now);

}  // namespace nianbao::app
