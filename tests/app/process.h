// RunProcess: runs a real program (usually the nianbao executable) with
// arguments, captures stdout and stderr, and kills it after a deadline, so
// CLI and daemon tests exercise the shipped binary rather than its functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace nianbao::testing {

struct ProcessResult {
  int exit_code = -1;   // the exit status, or 128+signal when killed by one
  bool timed_out = false;
  std::string out;
  std::string err;
};

// argv[0] is the program path. `env` entries ("K=V") are added to the
// environment. `started` (optional) gets the child's pid once it is forked,
// e.g. for a test server's handler to signal it at a known moment.
ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_ms = 20000,
                         const std::vector<std::string>& env = {}, const std::function<void(int pid)>& started = {});

// The nianbao executable under test ($NIANBAO_EXE, set by ctest).
std::string NianbaoExe();

}  // namespace nianbao::testing
