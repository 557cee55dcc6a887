// `nianbao reports`: what was found, one line per stored report. Read-only.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "app/cli/text_table.h"
#include "app/cli/time_format.h"

namespace nianbao::app {
namespace {

using Json = nlohmann::ordered_json;

Json OptionalText(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }
Json NonEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json ReportsJson(const std::vector<storage::ReportSummary>& reports) {
  Json out = Json::array();
  for (const storage::ReportSummary& r : reports)
    out.push_back({{"agency", r.agency},
                   {"year", r.year},
                   {"title", r.title},
                   {"url", NonEmpty(r.url)},
                   {"published", OptionalText(r.published)},
                   {"status", storage::ToString(r.status)},
                   {"checks_failed", r.checks_failed},
                   {"revisions", r.revisions},
                   {"document", NonEmpty(r.document)}});
  return out;
}

std::string EmptyReportsMessage(const ReportFilter& f, const std::string& crawl_note) {
  std::string what = "no reports";
  if (!f.agency.empty()) what += " from " + f.agency;
  if (f.year) what += " for " + std::to_string(*f.year);
  return what + " yet" + (crawl_note.empty() ? "" : "; " + crawl_note);
}

std::string ReportsTable(const std::vector<storage::ReportSummary>& reports) {
  TextTable t({"year", "agency", "published", "status", "checks", "revisions", "title"});
  t.AlignRight(5);
  for (const storage::ReportSummary& r : reports)
    t.AddRow({std::to_string(r.year), r.agency, r.published.value_or("-"),
              std::string(storage::ToString(r.status)), r.checks_failed ? std::to_string(r.checks_failed) + " failed" : "ok", std::to_string(r.revisions),
              r.title});
  return t.Render();
}

}  // namespace

int CmdReports(const GlobalOptions& g, const ReportFilter& f) {
  auto session = OpenForReading(g);
  if (!session.ok()) return Fail(session.status());
  storage::ReportFilter filter;
  filter.year = f.year;
  if (!f.agency.empty()) filter.agency = f.agency;
  auto reports = session->store->ListReports(filter);
  if (!reports.ok()) return Fail(reports.status());
  if (g.json) {
    std::cout << ReportsJson(*reports).dump(2) << "\n";
  } else if (reports->empty()) {
    std::cout << EmptyReportsMessage(f, LastCrawlNote(*session->store, SystemClock::Instance().Now())) << "\n";
  } else {
    std::cout << ReportsTable(*reports);
  }
  return kExitOk;
}

}  // namespace nianbao::app
