// The `nianbao` command line: global options, the table of sub-commands, and
// the mapping of results to exit statuses (see exit_status.h). main() only
// calls RunCli. Human output goes to stdout, logs to stderr, and with --json
// stdout carries exactly one JSON document.
#pragma once

#include <string>

namespace nianbao::app {

// Options every sub-command sees, wherever they were given on the line.
struct GlobalOptions {
  std::string config_path;  // --config, else $NIANBAO_CONFIG, else /etc/nianbao/nianbao.toml
  bool config_given = false;  // --config or $NIANBAO_CONFIG named it explicitly
  std::string db_path;      // --db; empty: from the configuration
  bool json = false;        // --json
  int verbosity = 0;        // -v adds one, -q removes one
};

int RunCli(int argc, char** argv);

}  // namespace nianbao::app
