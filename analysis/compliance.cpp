#include "analysis/compliance.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace nianbao::analysis {
namespace {

// The first report year an agency owes: its roster's first_year, or the first
// year it published when it is not on a roster (or published earlier).
int FirstOwedYear(const storage::AgencyRow& a) {
  int start = a.on_roster && a.first_year > 0 ? a.first_year : 0;
  if (a.first_report_year && (start == 0 || *a.first_report_year < start)) start = *a.first_report_year;
  return start;
}

// The start of the page's publication day (CST), from "YYYY-MM-DD".
std::optional<UnixMillis> PublishedAt(const std::optional<std::string>& published) {
  int y = 0, m = 0, d = 0;
  if (!published || std::sscanf(published->c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return ChinaStartOfDay(CivilDate{y, m, d});
}

}  // namespace

Result<std::vector<Obligation>> EvaluateCompliance(storage::Store& store, const DeadlineRule& schedule,
                                                   UnixMillis now, std::optional<int> year) {
  auto agencies = store.ListAgencies();
  if (!agencies.ok()) return agencies.status();
  auto sources = store.ListSources();
  if (!sources.ok()) return sources.status();
  std::map<std::int64_t, std::string> source_names;
  for (const storage::SourceRow& s : *sources) source_names[s.id] = s.name;

  storage::ReportFilter filter;
  filter.year = year;
  auto reports = store.ListReports(filter);
  if (!reports.ok()) return reports.status();
  std::map<std::pair<std::string, int>, storage::ReportSummary> by_key;
  for (storage::ReportSummary& r : *reports) by_key[{r.agency, r.year}] = std::move(r);

  std::vector<Obligation> out;
  for (const storage::AgencyRow& a : *agencies) {
    int start = FirstOwedYear(a);
    if (start == 0) continue;
    std::vector<int> years;
    if (year) {
      if (*year >= start) years.push_back(*year);
    } else {
      years = ExpectedYears(start, now, schedule);
    }
    for (int y : years) {
      Obligation o;
      o.agency = a.name;
      o.year = y;
      auto sn = source_names.find(a.source_id);
      o.source = sn == source_names.end() ? "" : sn->second;
      o.due = DueDate(y, schedule);
      if (auto it = by_key.find({a.name, y}); it != by_key.end()) {
        o.report = it->second;
        // First seen is when the earliest version was saved: a later revision
        // does not make a report that was on time late.
        auto versions = store.ListReportVersions(a.name, y);
        if (!versions.ok()) return versions.status();
        for (const storage::StoredReport& v : *versions)
          if (!o.first_seen || v.saved_at < *o.first_seen) o.first_seen = v.saved_at;
        if (!o.first_seen) o.first_seen = now;
        // The page's own publication date, when it has one, is evidence of
        // when it was published: a report nianbao only found later (its first
        // crawl, a column that was down) is not late for that.
        if (auto published = PublishedAt(o.report->published); published && *published < *o.first_seen)
          o.first_seen = published;
      }
      o.state = Evaluate(y, o.first_seen, now, schedule);
      out.push_back(std::move(o));
    }
  }
  std::sort(out.begin(), out.end(), [](const Obligation& a, const Obligation& b) {
    return a.year != b.year ? a.year < b.year : a.agency < b.agency;
  });
  return out;
}

}  // namespace nianbao::analysis
