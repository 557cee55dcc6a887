// Sub-commands whose layers have not landed yet answer "not yet available"
// with exit status 2, as the interface allows until they do.
#include "app/commands.h"
#include "app/context.h"

namespace nianbao::app {

int CmdRun(const GlobalOptions& g) {
  auto cfg = LoadConfigFor(g, true);
  if (!cfg.ok()) return Fail(cfg.status());
  return NotYetAvailable("run");
}
int CmdStatus(const GlobalOptions&) { return NotYetAvailable("status"); }
int CmdReports(const GlobalOptions&, const ReportFilter&) { return NotYetAvailable("reports"); }
int CmdMissing(const GlobalOptions&, int) { return NotYetAvailable("missing"); }
int CmdShow(const GlobalOptions&, const std::string&, int) { return NotYetAvailable("show"); }
int CmdDiff(const GlobalOptions&, const std::string&, int) { return NotYetAvailable("diff"); }
int CmdAlerts(const GlobalOptions&) { return NotYetAvailable("alerts"); }
int CmdRetry(const GlobalOptions&, bool) { return NotYetAvailable("retry"); }
int CmdExport(const GlobalOptions&, const ExportArgs&) { return NotYetAvailable("export"); }

}  // namespace nianbao::app
