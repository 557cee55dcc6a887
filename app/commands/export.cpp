// `nianbao export --format csv|json|html [--year Y] [-o FILE]`: gathers the
// current reports (and for html the compliance obligations) and hands them to
// the pure renderers of export_table.h / export_html.h. The output file is
// written beside its destination and renamed into place, so a reader never
// sees half a file and a failed export leaves the previous one intact.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>

#include "app/cli/commands.h"
#include "analysis/compliance.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/export/export_html.h"
#include "app/export/export_table.h"
#include "app/cli/reader.h"
#include "app/cli/time_format.h"

namespace nianbao::app {
namespace {

// The current report of every (agency, year), with metrics, in ListReports order.
Result<std::vector<storage::StoredReport>> CurrentReports(storage::Store& store, std::optional<int> year) {
  storage::ReportFilter filter;
  filter.year = year;
  auto summaries = store.ListReports(filter);
  if (!summaries.ok()) return summaries.status();
  std::vector<storage::StoredReport> out;
  std::set<std::pair<std::string, int>> seen;
  for (const storage::ReportSummary& s : *summaries) {
    if (!seen.insert({s.agency, s.year}).second) continue;
    auto report = store.GetReport(s.agency, s.year);
    if (!report.ok()) return report.status();
    if (report->has_value()) out.push_back(std::move(**report));
  }
  return out;
}

Status WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return std::cout ? Status::Ok() : IoError("stdout: write failed");
  }
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError(tmp + ": cannot create the export file");
    out << text;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return IoError(tmp + ": write failed");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return IoError(path + ": cannot rename the export into place");
  }
  return Status::Ok();
}

Result<std::string> Render(Session& s, const ExportArgs& a) {
  auto reports = CurrentReports(*s.store, a.year);
  if (!reports.ok()) return reports.status();
  if (a.format == "csv") return RenderCsv(*reports);
  if (a.format == "json") return RenderJson(*reports).dump(2) + "\n";
  UnixMillis now = SystemClock::Instance().Now();
  auto obligations = EvaluateCompliance(*s.store, s.config.schedule, now, a.year);
  if (!obligations.ok()) return obligations.status();
  DashboardInput in;
  in.generated = LocalTime(now);
  in.year = a.year;
  in.obligations = std::move(*obligations);
  in.reports = std::move(*reports);
  return RenderDashboard(in);
}

}  // namespace

int CmdExport(const GlobalOptions& g, const ExportArgs& a) {
  if (a.format == "html" && (a.output.empty() || a.output == "-") && ::isatty(STDOUT_FILENO)) {
    std::cerr << "nianbao export: --format html writes a page; give -o FILE (or redirect stdout)\n";
    return kExitUsage;
  }
  auto session = OpenForReading(g);
  if (!session.ok()) return Fail(session.status());
  auto text = Render(*session, a);
  if (!text.ok()) return Fail(text.status());
  Status written = WriteOutput(a.output, *text);
  if (!written.ok()) return Fail(written);
  if (!a.output.empty() && a.output != "-") std::cerr << "nianbao export: wrote " << a.output << "\n";
  return kExitOk;
}

}  // namespace nianbao::app
