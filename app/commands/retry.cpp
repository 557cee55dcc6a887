// `nianbao retry`: the one operator command that writes. It needs the writer
// lock; while the daemon holds it the command is refused with exit 3 rather
// than waiting, because the daemon re-queues non-permanent failures at the
// start of every cycle anyway.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"

namespace nianbao::app {

namespace {
using Json = nlohmann::ordered_json;
}  // namespace

int CmdRetry(const GlobalOptions& g, bool all) {
  auto session = OpenForWriting(g, "it retries failed documents each cycle");
  if (!session.ok()) return Fail(session.status());
  auto requeued = session->store->RetryFailed(all);
  if (!requeued.ok()) return Fail(requeued.status());
  auto counts = session->store->CountDocumentsByState();
  if (!counts.ok()) return Fail(counts.status());
  if (g.json) {
    std::cout << Json{{"requeued", *requeued}, {"still_failed", counts->failed}}.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "re-queued " << *requeued << " failed document" << (*requeued == 1 ? "" : "s")
            << "; the next `nianbao crawl` or daemon cycle fetches them\n";
  if (counts->failed > 0 && !all)
    std::cout << counts->failed << " permanent failure" << (counts->failed == 1 ? "" : "s")
              << " (404, robots, out of scope) stay failed; `nianbao retry --all` re-queues them too\n";
  return kExitOk;
}

}  // namespace nianbao::app
