#include "app/cli/context.h"

#include <filesystem>
#include <iostream>

#include "app/cli/exit_status.h"

namespace nianbao::app {

Result<Config> LoadConfigFor(const GlobalOptions& g, bool required) {
  if (!required && !g.config_given && !std::filesystem::exists(g.config_path)) {
    Config defaults;
    defaults.file = "(built-in defaults)";
    if (!g.db_path.empty()) defaults.storage.path = g.db_path;
    return defaults;
  }
  Result<Config> cfg = LoadConfig(g.config_path);
  if (!cfg.ok()) return cfg;
  if (!g.db_path.empty()) cfg->storage.path = g.db_path;
  return cfg;
}

int Fail(const Status& status) {
  std::cerr << "nianbao: " << status.message() << "\n";
  return ExitFor(status);
}

}  // namespace nianbao::app
