// `nianbao status`: the operator's first look. Everything is read in one go
// into a StatusView, which is then printed either as one JSON object or as a
// few short human sections; status itself always exits 0 when the database
// could be read (problems are reported, not signalled, here: `missing` is the
// command whose exit status says "someone is overdue").
#include <iostream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "analysis/compliance.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "app/cli/text_table.h"
#include "app/cli/time_format.h"
#include "storage/writer_lock.h"

namespace nianbao::app {
namespace {

struct YearCounts {
  int reports = 0, parsed = 0, attachment = 0, failed = 0, checks_failed = 0;
};

struct StatusView {
  std::string db_path;
  storage::WriterState writer;
  std::optional<storage::CycleInfo> last_cycle;
  storage::StateCounts documents;
  std::vector<storage::FailureCause> failures;
  std::vector<storage::SourceRow> sources;
  std::map<std::int64_t, storage::SourceCycleStats> stats;  // by source id
  std::map<int, YearCounts> years;
  std::int64_t alerts_open = 0;
  std::vector<analysis::Obligation> overdue;
  UnixMillis now = 0;
};

Result<StatusView> Gather(Session& s) {
  storage::Store& store = *s.store;
  StatusView v;
  v.now = SystemClock::Instance().Now();
  v.db_path = s.config.storage.path;
  v.writer = storage::ProbeWriter(v.db_path);
  auto cycle = store.LastCycle();
  if (!cycle.ok()) return cycle.status();
  v.last_cycle = *cycle;
  auto counts = store.CountDocumentsByState();
  if (!counts.ok()) return counts.status();
  v.documents = *counts;
  auto failures = store.FailureCausesSummary();
  if (!failures.ok()) return failures.status();
  v.failures = *failures;
  auto sources = store.ListSources();
  if (!sources.ok()) return sources.status();
  v.sources = *sources;
  auto stats = store.LatestStatsPerSource();
  if (!stats.ok()) return stats.status();
  for (const storage::SourceCycleStats& st : *stats) v.stats[st.source_id] = st;
  auto reports = store.ListReports({});
  if (!reports.ok()) return reports.status();
  for (const storage::ReportSummary& r : *reports) {
    YearCounts& y = v.years[r.year];
    ++y.reports;
    y.parsed += r.status == storage::ReportStatus::kParsed;
    y.attachment += r.status == storage::ReportStatus::kAttachment;
    y.failed += r.status == storage::ReportStatus::kFailed;
    y.checks_failed += r.checks_failed > 0;
  }
  auto alerts = store.ListAlerts(true);
  if (!alerts.ok()) return alerts.status();
  v.alerts_open = static_cast<std::int64_t>(alerts->size());
  auto obligations = EvaluateCompliance(store, s.config.schedule, v.now);
  if (!obligations.ok()) return obligations.status();
  for (analysis::Obligation& o : *obligations)
    if (o.state == analysis::ComplianceState::kOverdue) v.overdue.push_back(std::move(o));
  return v;
}

// "running", "finished", "interrupted" (a running cycle nobody is driving).
std::string CycleState(const StatusView& v) {
  if (v.last_cycle->state == storage::CycleState::kRunning && !v.writer.running) return "interrupted";
  return std::string(storage::ToString(v.last_cycle->state));
}

nlohmann::ordered_json ToJson(const StatusView& v) {
  using J = nlohmann::ordered_json;
  J j;
  j["database"] = v.db_path;
  j["daemon"] = {{"running", v.writer.running}, {"pid", v.writer.pid ? J(*v.writer.pid) : J(nullptr)}};
  if (v.last_cycle) {
    const storage::CycleInfo& c = *v.last_cycle;
    j["last_cycle"] = {{"id", c.id},
                       {"state", CycleState(v)},
                       {"started_at", IsoUtc(c.started_at)},
                       {"finished_at", c.finished_at ? J(IsoUtc(*c.finished_at)) : J(nullptr)}};
  } else {
    j["last_cycle"] = nullptr;
  }
  const storage::StateCounts& d = v.documents;
  j["documents"] = {{"pending", d.pending}, {"fetching", d.fetching}, {"fetched", d.fetched},
                    {"parsed", d.parsed},   {"failed", d.failed}};
  J causes = J::object();
  for (const storage::FailureCause& f : v.failures) causes[std::string(storage::ToString(f.kind))] = f.count;
  j["failures"] = causes;
  J sources = J::array();
  for (const storage::SourceRow& s : v.sources) {
    J o = {{"name", s.name}, {"url", s.url}, {"first_year", s.first_year}};
    auto it = v.stats.find(s.id);
    if (it != v.stats.end()) {
      o["last_cycle"] = it->second.cycle_id;
      o["pages"] = it->second.pages;
      o["errors"] = it->second.errors;
      o["blocked"] = it->second.blocked;
    } else {
      o["last_cycle"] = nullptr;
      o["pages"] = o["errors"] = o["blocked"] = 0;
    }
    sources.push_back(std::move(o));
  }
  j["sources"] = sources;
  J years = J::array();
  for (const auto& [year, c] : v.years)
    years.push_back({{"year", year}, {"reports", c.reports}, {"parsed", c.parsed}, {"attachment", c.attachment},
                     {"failed", c.failed}, {"checks_failed", c.checks_failed}});
  j["reports_per_year"] = years;
  j["alerts_open"] = v.alerts_open;
  J overdue = J::array();
  for (const analysis::Obligation& o : v.overdue)
    overdue.push_back({{"agency", o.agency}, {"year", o.year}, {"source", o.source}, {"due", FormatDate(o.due.date)}});
  j["overdue"] = overdue;
  return j;
}

void PrintHeader(const StatusView& v) {
  std::cout << Paint("nianbao status", Style::kBold) << "  " << v.db_path << "\n";
  if (v.writer.running) {
    std::cout << "daemon      running (pid " << (v.writer.pid ? std::to_string(*v.writer.pid) : "unknown") << ")\n";
  } else {
    std::cout << "daemon      " << Paint("not running", Style::kYellow) << "\n";
  }
  if (!v.last_cycle) {
    std::cout << "last cycle  none yet; run `nianbao crawl`\n";
    return;
  }
  const storage::CycleInfo& c = *v.last_cycle;
  std::string state = CycleState(v);
  std::cout << "last cycle  #" << c.id << " ";
  if (state == "running") {
    std::cout << "running since " << LocalTimeAgo(c.started_at, v.now) << "\n";
  } else if (state == "interrupted") {
    std::cout << Paint("interrupted", Style::kYellow) << " (started " << LocalTimeAgo(c.started_at, v.now)
              << "); the next crawl resumes it\n";
  } else {
    std::cout << state << " " << LocalTimeAgo(c.finished_at.value_or(c.started_at), v.now) << "\n";
  }
}

void PrintDocuments(const StatusView& v) {
  const storage::StateCounts& d = v.documents;
  std::cout << "\ndocuments   " << d.pending << " pending, " << d.fetching << " fetching, " << d.fetched
            << " fetched, " << d.parsed << " parsed, " << d.failed << " failed\n";
  if (v.failures.empty()) return;
  std::cout << "failures   ";
  for (const storage::FailureCause& f : v.failures) std::cout << " " << storage::ToString(f.kind) << " " << f.count;
  std::cout << "  (nianbao retry puts them back in the queue)\n";
}

void PrintSources(const StatusView& v) {
  std::cout << "\n";
  if (v.sources.empty()) {
    std::cout << "sources     none yet; add [[source]] tables to the configuration\n";
    return;
  }
  TextTable t({"source", "cycle", "pages", "errors", "blocked", "url"});
  for (std::size_t i = 1; i <= 4; ++i) t.AlignRight(i);
  for (const storage::SourceRow& s : v.sources) {
    auto it = v.stats.find(s.id);
    if (it == v.stats.end()) {
      t.AddRow({s.name, "-", "-", "-", "-", s.url});
    } else {
      const storage::SourceCycleStats& st = it->second;
      t.AddRow({s.name, "#" + std::to_string(st.cycle_id), std::to_string(st.pages), std::to_string(st.errors),
                std::to_string(st.blocked), s.url});
    }
  }
  std::cout << t.Render();
}

void PrintReports(const StatusView& v) {
  std::cout << "\n";
  if (v.years.empty()) {
    std::cout << "reports     none yet\n";
  } else {
    TextTable t({"year", "reports", "parsed", "attachment", "failed", "checks failed"});
    for (std::size_t i = 1; i <= 5; ++i) t.AlignRight(i);
    for (const auto& [year, c] : v.years)
      t.AddRow({std::to_string(year), std::to_string(c.reports), std::to_string(c.parsed),
                std::to_string(c.attachment), std::to_string(c.failed), std::to_string(c.checks_failed)});
    std::cout << t.Render();
  }
  std::cout << "\nalerts      " << v.alerts_open << " open" << (v.alerts_open ? " (nianbao alerts)" : "") << "\n";
  if (v.overdue.empty()) {
    std::cout << "overdue     " << Paint("none", Style::kGreen) << "\n";
    return;
  }
  // One line per agency, its overdue years together: a roster agency that
  // never published would otherwise fill the screen with one line per year.
  std::vector<std::pair<std::string, std::string>> agencies;  // agency, years
  std::map<std::string, std::size_t> row_of;
  std::map<std::string, std::string> source_of;
  for (const analysis::Obligation& o : v.overdue) {
    auto [it, added] = row_of.emplace(o.agency, agencies.size());
    if (added) agencies.push_back({o.agency, ""});
    std::string& years = agencies[it->second].second;
    years += (years.empty() ? "" : ", ") + std::to_string(o.year);
    source_of[o.agency] = o.source;
  }
  std::cout << "overdue     " << Paint(std::to_string(v.overdue.size()) + " report(s)", Style::kRed) << " from "
            << agencies.size() << " agenc" << (agencies.size() == 1 ? "y" : "ies")
            << " (nianbao missing --year Y)\n";
  // A column nianbao could not read says nothing about who published.
  std::set<std::string> unread;
  for (const auto& [id, st] : v.stats)
    if (st.pages == 0 && st.errors > 0) unread.insert(st.source_name);
  TextTable t({"agency", "source", "overdue years"});
  bool any_unread = false;
  for (const auto& [agency, years] : agencies) {
    bool not_read = unread.count(source_of[agency]) > 0;
    any_unread = any_unread || not_read;
    t.AddRow({agency, source_of[agency] + (not_read ? " *" : ""), years});
  }
  std::cout << t.Render();
  if (any_unread) std::cout << "* the column could not be read in its last cycle: not confirmed missing\n";
}

}  // namespace

int CmdStatus(const GlobalOptions& g) {
  auto session = OpenForReading(g);
  if (!session.ok()) return Fail(session.status());
  auto view = Gather(*session);
  if (!view.ok()) return Fail(view.status());
  if (g.json) {
    std::cout << ToJson(*view).dump(2) << "\n";
    return kExitOk;
  }
  PrintHeader(*view);
  PrintDocuments(*view);
  PrintSources(*view);
  PrintReports(*view);
  return kExitOk;
}

}  // namespace nianbao::app
