// `nianbao show`: one stored report in full. Read-only. Exits 1 when the
// report does not exist (the command ran and found nothing to show), as
// interface.md specifies.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "app/cli/report_printer.h"
#include "app/cli/time_format.h"
#include "parser/report_json.h"

namespace nianbao::app {

namespace {
using Json = nlohmann::ordered_json;
}  // namespace

int CmdShow(const GlobalOptions& g, const std::string& agency, int year) {
  auto session = OpenForReading(g);
  if (!session.ok()) return Fail(session.status());
  auto stored = session->store->GetReport(agency, year);
  if (!stored.ok()) return Fail(stored.status());
  if (!stored->has_value()) {
    std::cerr << "nianbao show: no report for " << agency << " " << year << " (see `nianbao reports --year " << year
              << "`)\n";
    return kExitProblem;
  }
  const storage::StoredReport& r = **stored;
  auto where = [&] { return "the stored report for " + agency + " " + std::to_string(year); };
  if (g.json) {
    Json j = Json::parse(r.canonical_json, nullptr, false);
    if (j.is_discarded()) return Fail(Corrupt(where() + " has no readable canonical JSON"));
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  Result<parser::Report> report = parser::ReportFromJson(r.canonical_json);
  if (!report.ok()) return Fail(report.status().WithContext(where()));
  std::cout << RenderReportSummary(*report);
  std::cout << "\nstored: " << storage::ToString(r.status) << ", saved " << LocalTime(r.saved_at) << ", document "
            << r.document_id << (r.url.empty() ? "" : ", " + r.url) << "\n";
  return kExitOk;
}

}  // namespace nianbao::app
