// `nianbao __read-document --limits JSON`: the reader child. The parent
// (documents/isolation/reader_process.cpp) has already set its rlimits and
// closed every other descriptor; this installs the sandbox, reads stdin and
// answers on stdout. Exit 2 when the limits are not what the parent sends.
#include <unistd.h>

#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/exit_status.h"
#include "documents/isolation/reader_child.h"
#include "documents/isolation/wire.h"

namespace nianbao::app {

int CmdReadDocument(const std::string& limits_json) {
  documents::ExtractLimits limits;
  if (!documents::DecodeLimits(limits_json, &limits)) {
    std::cerr << "nianbao __read-document: --limits is not the reader's limits\n";
    return kExitUsage;
  }
  return documents::ServeReadRequest(STDIN_FILENO, STDOUT_FILENO, limits);
}

}  // namespace nianbao::app
