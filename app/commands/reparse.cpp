// `nianbao reparse [--status attachment|failed|all]`: re-reads stored
// revisions with this build's readers (crawler/reparse.h), without a refetch.
// Like `retry` it needs the writer lock; while the daemon holds it the command
// is refused with exit 3 naming the daemon, because the daemon re-reads every
// report of an older reader version or left as `attachment` at the end of each
// cycle anyway.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "crawler/reparse.h"

namespace nianbao::app {
namespace {

using Json = nlohmann::ordered_json;

crawler::ReparseScope ScopeOf(const std::string& status) {
  if (status == "attachment") return crawler::ReparseScope::kAttachment;
  if (status == "failed") return crawler::ReparseScope::kFailed;
  if (status == "all") return crawler::ReparseScope::kAll;
  return crawler::ReparseScope::kStale;
}

}  // namespace

int CmdReparse(const GlobalOptions& g, const std::string& status) {
  auto session = OpenForWriting(g, "it re-reads old and attachment reports at the end of each cycle");
  if (!session.ok()) return Fail(session.status());
  const documents::ReaderOptions reader = ReaderOptionsFor(session->config.documents);
  auto done = crawler::ReparseReports(*session->store, ScopeOf(status), reader);
  if (!done.ok()) return Fail(done.status());
  if (g.json) {
    std::cout << Json{{"reparsed", done->reparsed},
                      {"changed", done->changed},
                      {"unchanged", done->unchanged},
                      {"unreadable", done->unreadable}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  std::cout << "reparsed " << done->reparsed << " report" << (done->reparsed == 1 ? "" : "s") << ": " << done->changed
            << " changed, " << done->unchanged << " unchanged, " << done->unreadable << " unreadable\n";
  return kExitOk;
}

}  // namespace nianbao::app
