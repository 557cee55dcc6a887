// The process exit statuses of ../shared/spec/interface.md, in one place.
#pragma once

#include "common/status.h"

namespace nianbao::app {

enum ExitStatus : int {
  kExitOk = 0,        // success
  kExitProblem = 1,   // the command ran and found a problem it reports
  kExitUsage = 2,     // usage or configuration error
  kExitRuntime = 3,   // storage or other runtime failure
};

// Usage/configuration errors → 2, everything else that failed → 3.
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
