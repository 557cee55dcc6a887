// The process exit statuses of ../shared/spec/interface.md, in one place.
#pragma once

#include "common/status.h"

namespace nianbao::app {

enum ExitStatus : int {
  kExitOk = 0,        // success
  kExitProblem = 1,   // the command ran and found a problem it reports
  kExitUsage = 2,     // usage or configuration error
  kExitRuntime = 3,   // storage or other runtime failure
  kExitInterrupted = 130,  // `crawl` stopped by SIGINT/SIGTERM (128 + SIGINT, as shells report it)
};

// Usage/configuration errors → 2, everything else that failed → 3. Only
// kInvalidArgument (bad options, configuration or input) and kUnavailable (a
// feature this build lacks) are the operator's to fix by changing the command;
// the database's refusals (kFailedPrecondition: a newer schema, a violated
// constraint, a state-machine step out of order), kCorrupt, kBusy, I/O and
// internal errors are runtime failures.
inline int ExitFor(const Status& s) {
  if (s.ok()) return kExitOk;
  switch (s.code()) {
    case Code::kInvalidArgument:
    case Code::kUnavailable:
      return kExitUsage;
    default:
      return kExitRuntime;
  }
}

}  // namespace nianbao::app
