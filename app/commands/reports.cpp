// `nianbao reports`, `show` and `missing`: what was found, one report in full,
// and who has not published. All read-only. `show` exits 1 when the report does
// not exist (the command ran and found nothing to show), `missing` exits 1 when
// some agency is past its deadline, as interface.md specifies.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "analysis/compliance.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "app/cli/report_printer.h"
#include "app/cli/text_table.h"
#include "app/cli/time_format.h"
#include "parser/report_json.h"

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
                   {"revisions", r.revisions}});
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

// The obligations of `year` without a report, as `missing` lists them.
std::vector<analysis::Obligation> Unpublished(std::vector<analysis::Obligation> all) {
  std::vector<analysis::Obligation> out;
  for (analysis::Obligation& o : all)
    if (!o.report) out.push_back(std::move(o));
  return out;
}

std::string MissingState(const analysis::Obligation& o, UnixMillis now) {
  switch (o.state) {
    case analysis::ComplianceState::kOverdue:
      return "overdue (was due " + Ago(o.due.last_ms, now) + ")";
    case analysis::ComplianceState::kPending:
      return "pending (due " + Ago(o.due.last_ms, now) + ")";
    case analysis::ComplianceState::kNotDueYet:
      return "year not over";
    default:
      return analysis::ComplianceStateName(o.state);
  }
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

int CmdMissing(const GlobalOptions& g, int year) {
  auto session = OpenForReading(g);
  if (!session.ok()) return Fail(session.status());
  UnixMillis now = SystemClock::Instance().Now();
  auto all = EvaluateCompliance(*session->store, session->config.schedule, now, year);
  if (!all.ok()) return Fail(all.status());
  std::size_t expected = all->size();
  std::vector<analysis::Obligation> missing = Unpublished(std::move(*all));
  bool overdue = false;
  for (const analysis::Obligation& o : missing) overdue = overdue || o.state == analysis::ComplianceState::kOverdue;
  if (g.json) {
    Json out = Json::array();
    for (const analysis::Obligation& o : missing)
      out.push_back({{"agency", o.agency},
                     {"year", o.year},
                     {"source", o.source},
                     {"due", FormatDate(o.due.date)},
                     {"overdue", o.state == analysis::ComplianceState::kOverdue}});
    std::cout << out.dump(2) << "\n";
  } else if (expected == 0) {
    std::cout << "no agency is expected to publish a report for " << year
              << " (no source roster covers it and nobody published earlier)\n";
  } else if (missing.empty()) {
    std::cout << "all " << expected << " expected agencies have a report for " << year << "\n";
  } else {
    TextTable t({"agency", "source", "due", "state"});
    for (const analysis::Obligation& o : missing)
      t.AddRow({o.agency, o.source.empty() ? "-" : o.source, FormatDate(o.due.date), MissingState(o, now)});
    std::cout << missing.size() << " of " << expected << " expected agencies have no report for " << year << ":\n"
              << t.Render();
  }
  return overdue ? kExitProblem : kExitOk;
}

}  // namespace nianbao::app
