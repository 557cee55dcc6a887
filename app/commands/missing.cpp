// `nianbao missing`: who has not published a report for a year. Read-only.
// Exits 1 when some agency is past its deadline, as interface.md specifies.
#include <iostream>

#include <nlohmann/json.hpp>

#include "analysis/compliance.h"
#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "app/cli/text_table.h"
#include "app/cli/time_format.h"

namespace nianbao::app {
namespace {

using Json = nlohmann::ordered_json;

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
