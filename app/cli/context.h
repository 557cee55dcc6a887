// What a sub-command needs before it can work: the validated configuration and
// the database path, resolved from the global options in one place so every
// command reports configuration problems the same way (exit 2, FILE:LINE: key).
#pragma once

#include <string>

#include "app/cli/cli.h"
#include "app/config/config.h"
#include "common/status.h"

namespace nianbao::app {

// Loads the configuration named by the global options and applies --db.
// When `required` is false and no configuration was named explicitly, a missing
// default file yields the built-in defaults (read-only commands given --db
// work without one).
Result<Config> LoadConfigFor(const GlobalOptions& g, bool required);

// Prints `status` as "nianbao: <message>" on stderr and returns its exit status.
int Fail(const Status& status);

}  // namespace nianbao::app
