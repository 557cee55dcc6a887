// `nianbao diff --agency A --year Y`: the agency's report for Y against Y-1
// (CompareYears). Exit 1 when either year has no report, naming which, since
// the command ran but had nothing to compare.
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "app/cli/text_table.h"
#include "analysis/year_over_year.h"
#include "parser/labels.h"
#include "parser/report_json.h"

namespace nianbao::app {
namespace {

// The report of one year, parsed from its stored canonical JSON; nullopt when none.
Result<std::optional<parser::Report>> LoadReport(storage::Store& store, const std::string& agency, int year) {
  auto stored = store.GetReport(agency, year);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::optional<parser::Report>();
  Result<parser::Report> report = parser::ReportFromJson((*stored)->canonical_json);
  if (!report.ok()) return report.status().WithContext("the stored report for " + agency + " " + std::to_string(year));
  return std::optional<parser::Report>(std::move(*report));
}

std::string Number(const std::optional<double>& v) { return v ? parser::FormatNumber(*v) : "-"; }

std::string Signed(const std::optional<double>& v) {
  if (!v) return "";
  return (*v > 0 ? "+" : "") + Number(v);
}

void PrintHuman(const analysis::YearDiff& d, int year) {
  std::cout << d.agency << ": " << year - 1 << " → " << year << " (formats " << parser::FormatName(d.previous_format)
            << " → " << parser::FormatName(d.current_format) << ")\n\n";
  TextTable changed({"metric", std::to_string(year - 1), std::to_string(year), "change"});
  for (std::size_t i = 1; i <= 3; ++i) changed.AlignRight(i);
  int unchanged = 0;
  for (const analysis::MetricChange& m : d.metrics) {
    if (m.previous == m.current) {
      ++unchanged;
      continue;
    }
    changed.AddRow({m.table + "." + m.row + "." + m.column, Number(m.previous), Number(m.current), Signed(m.change)});
  }
  if (changed.empty()) {
    std::cout << "no metric changed ";
  } else {
    std::cout << changed.Render();
  }
  std::cout << "(" << unchanged << " unchanged, " << d.skipped.size() << " rows not comparable)\n";
  if (!d.checks.empty()) {
    TextTable checks({"check", "scope", "status", "detail"});
    for (const parser::CheckResult& c : d.checks)
      checks.AddRow({c.rule, c.scope, parser::CheckStatusName(c.status), c.detail});
    std::cout << "\n" << checks.Render();
  }
  std::cout << "\ntext reuse: " << static_cast<int>(d.text.sentence_reuse * 100 + 0.5) << "% of "
            << d.text.sentences_compared << " sentences, shingle similarity "
            << static_cast<int>(d.text.shingle_similarity * 100 + 0.5) << "%"
            << (d.text.reused ? " — " + Paint("reused (over 50%)", Style::kRed) : "") << "\n";
}

}  // namespace

int CmdDiff(const GlobalOptions& g, const std::string& agency, int year) {
  auto session = OpenForReading(g);
  if (!session.ok()) return Fail(session.status());
  auto previous = LoadReport(*session->store, agency, year - 1);
  if (!previous.ok()) return Fail(previous.status());
  auto current = LoadReport(*session->store, agency, year);
  if (!current.ok()) return Fail(current.status());
  if (!previous->has_value() || !current->has_value()) {
    std::string which = !previous->has_value() && !current->has_value()
                            ? std::to_string(year - 1) + " or " + std::to_string(year)
                        : !previous->has_value() ? std::to_string(year - 1) + " (needed to compare with " +
                                                       std::to_string(year) + ")"
                                                 : std::to_string(year);
    std::cerr << "nianbao diff: no report for " << agency << " " << which << "\n";
    return kExitProblem;
  }
  analysis::YearDiff d = analysis::CompareYears(**previous, **current);
  if (g.json) {
    std::cout << analysis::ToJson(d).dump(2) << "\n";
  } else {
    PrintHuman(d, year);
  }
  return kExitOk;
}

}  // namespace nianbao::app
