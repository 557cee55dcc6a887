// Alert evaluation after a crawl cycle. The Store is the only state: open
// alerts, the alert history and the delivery keys all live in SQLite, so a
// restarted daemon carries on exactly where the last one stopped (no alert is
// raised or queued twice). Judgement calls, documented in alert_engine.h:
// `late` and `revised` are events (raised, delivered once, resolved at once);
// `late` is not raised when the page's own publication date is on time, so a
// first crawl that finds years of old reports does not call them all late.
#include "alerts/alert_engine.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "alerts/backfill.h"
#include "alerts/channels.h"
#include "analysis/compliance.h"
#include "analysis/deadline.h"

namespace nianbao::alerts {
namespace {

const std::set<std::string> kConditionKinds = {kAlertOverdue, kAlertSourceFailing, kAlertUnreadable,
                                               kAlertChecksFailed, kAlertWithdrawn};

std::string DateOf(UnixMillis t) { return analysis::FormatDate(analysis::ChinaDateOf(t)); }

// "agency year" for log lines; a source-level alert has no year.
std::string Who(const std::string& agency, int year) {
  return year > 0 ? fmt::format("{} {}", agency, year) : agency;
}

std::string FirstLine(const std::string& text) {
  const std::size_t nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl) + " …";
}

std::string Number(std::optional<double> v) { return v ? fmt::format("{}", *v) : std::string("blank"); }

// "n versions: a.b.c 3 → 4; …" — what changed between the last two versions.
// The versions that count for `revised`: parsed ones, one per revision (the
// latest reading of it). A re-reading of a stored revision by a newer reader
// is a version of its own in storage, but the document did not change; nor
// did it when an `attachment` report first gets the numbers of its file.
std::vector<storage::StoredReport> ParsedRevisions(std::vector<storage::StoredReport> versions) {
  std::vector<storage::StoredReport> out;
  for (storage::StoredReport& v : versions) {
    if (v.status != storage::ReportStatus::kParsed) continue;
    auto same = std::find_if(out.begin(), out.end(), [&](const storage::StoredReport& o) {
      return o.document_id == v.document_id && o.revision_id == v.revision_id;
    });
    if (same != out.end()) out.erase(same);
    out.push_back(std::move(v));
  }
  return out;
}

std::string RevisionDetail(const std::vector<storage::StoredReport>& versions) {
  const storage::StoredReport& prev = versions[versions.size() - 2];
  const storage::StoredReport& cur = versions.back();
  using MetricKey = std::tuple<std::string, std::string, std::string>;
  std::map<MetricKey, std::optional<double>> before, after;
  for (const storage::MetricValue& m : prev.metrics) before[{m.table, m.row, m.column}] = m.value;
  for (const storage::MetricValue& m : cur.metrics) after[{m.table, m.row, m.column}] = m.value;
  std::set<MetricKey> keys;
  for (const auto& [k, v] : before) keys.insert(k);
  for (const auto& [k, v] : after) keys.insert(k);
  std::vector<std::string> changes;
  for (const MetricKey& k : keys) {
    auto b = before.find(k);
    auto a = after.find(k);
    std::optional<double> bv = b == before.end() ? std::nullopt : b->second;
    std::optional<double> av = a == after.end() ? std::nullopt : a->second;
    if (bv == av && (b == before.end()) == (a == after.end())) continue;
    changes.push_back(fmt::format("{}.{}.{}: {} → {}", std::get<0>(k), std::get<1>(k), std::get<2>(k),
                                  b == before.end() ? "absent" : Number(bv), a == after.end() ? "absent" : Number(av)));
  }
  std::string detail = fmt::format("{} versions; ", versions.size());
  if (changes.empty()) {
    detail += "no metric changed (text or layout only)";
  } else {
    detail += fmt::format("{} metrics changed: ", changes.size());
    for (std::size_t i = 0; i < changes.size() && i < 20; ++i) detail += (i ? "; " : "") + changes[i];
    if (changes.size() > 20) detail += "; …";
  }
  if (!cur.url.empty()) detail += " (" + cur.url + ")";
  return detail;
}

}  // namespace

std::int64_t ReminderPeriod(UnixMillis first_seen, UnixMillis now, std::int64_t reminder_interval_s) {
  if (reminder_interval_s <= 0 || now <= first_seen) return 0;
  return (now - first_seen) / (reminder_interval_s * 1000);
}

Result<AlertPass> AlertEngine::Evaluate(const AlertOptions& alerts, const analysis::DeadlineRule& deadline) {
  NIANBAO_RETURN_IF_ERROR(Prepare(alerts, deadline));
  AlertPass pass;
  std::map<Key, std::string> conditions;  // every condition true now, with its detail
  NIANBAO_RETURN_IF_ERROR(CollectObligations(&conditions, &pass).WithContext("alerts: deadlines"));
  NIANBAO_RETURN_IF_ERROR(CollectReports(&conditions).WithContext("alerts: reports"));
  NIANBAO_RETURN_IF_ERROR(CollectSources(alerts, &conditions).WithContext("alerts: sources"));
  NIANBAO_RETURN_IF_ERROR(CollectBackfills(conditions).WithContext("alerts: first crawls"));
  // Summaries first, so their channels are known when the alerts they stand for are queued.
  std::stable_partition(events_.begin(), events_.end(), [](const Event& e) { return e.key.kind == kAlertBackfill; });
  for (const Event& e : events_) NIANBAO_RETURN_IF_ERROR(Raise(e.key, e.detail, true, &pass, e.versions));
  for (const auto& [key, detail] : conditions) NIANBAO_RETURN_IF_ERROR(Raise(key, detail, false, &pass));

  auto open = store_.ListAlerts(true);
  if (!open.ok()) return open.status().WithContext("alerts: listing open alerts");
  for (const storage::AlertRow& a : *open) {
    const Key key{a.kind, a.agency, a.year};
    if (!kConditionKinds.contains(a.kind) || conditions.contains(key)) {
      ++pass.open_by_kind[a.kind];
      continue;
    }
    auto resolved = store_.ResolveAlertAndQueue(a.kind, a.agency, a.year, RouteAlert(alerts, SourceOf(key), a.agency));
    if (!resolved.ok()) return resolved.status().WithContext("alerts: resolving " + a.kind);
    spdlog::info("alert resolved: {} {}", a.kind, Who(a.agency, a.year));
    ++pass.resolved;
    pass.enqueued += static_cast<int>(RouteAlert(alerts, SourceOf(key), a.agency).size());
  }
  return pass;
}

Status AlertEngine::Prepare(const AlertOptions& alerts, const analysis::DeadlineRule& deadline) {
  options_ = &alerts;
  events_.clear();
  source_of_.clear();
  backfilling_.clear();
  backfill_channels_.clear();
  auto history = store_.ListAlerts(false);
  if (!history.ok()) return history.status().WithContext("alerts: listing alerts");
  history_ = std::move(*history);
  const UnixMillis now = clock_.Now();
  auto obligations = analysis::EvaluateCompliance(store_, deadline, now);
  if (!obligations.ok()) return obligations.status().WithContext("alerts: deadlines");
  obligations_ = std::move(*obligations);
  for (const analysis::Obligation& o : obligations_)
    if (!o.source.empty()) source_of_[o.agency] = o.source;
  latest_due_year_ = LatestDueYear(deadline, now);
  auto first = store_.SourcesAwaitingSummary();
  if (!first.ok()) return first.status().WithContext("alerts: first crawls");
  backfilling_.insert(first->begin(), first->end());
  return Status::Ok();
}

std::string AlertEngine::SourceOf(const Key& key) const {
  if (key.kind == kAlertSourceFailing || key.kind == kAlertBackfill) return key.agency;
  auto it = source_of_.find(key.agency);
  return it == source_of_.end() ? std::string() : it->second;
}

Status AlertEngine::CollectObligations(std::map<Key, std::string>* conditions, AlertPass* pass) {
  // A column that could not be read says nothing about who published: no new
  // overdue alert from it (source_failing speaks for it), and an open one is
  // kept as it is rather than resolved.
  auto stats = store_.LatestStatsPerSource();
  if (!stats.ok()) return stats.status();
  std::set<std::string> unread;
  for (const storage::SourceCycleStats& st : *stats)
    if (st.pages == 0 && st.errors > 0) unread.insert(st.source_name);
  for (const analysis::Obligation& o : obligations_) {
    if (o.state == analysis::ComplianceState::kOverdue) {
      ++pass->overdue_by_year[o.year];
      std::string detail = fmt::format("no {} report found; due {}", o.year, FormatDate(o.due.date));
      if (!o.source.empty()) detail += "; expected in " + o.source;
      if (unread.count(o.source)) {
        bool open = std::any_of(history_.begin(), history_.end(), [&](const storage::AlertRow& a) {
          return a.kind == kAlertOverdue && a.agency == o.agency && a.year == o.year && !a.resolved_at;
        });
        if (!open) continue;
        detail += " (the column could not be read in the last cycle)";
      }
      (*conditions)[Key{kAlertOverdue, o.agency, o.year}] = detail;
    } else if (o.state == analysis::ComplianceState::kLate && o.first_seen) {
      // The page's own date, when it has one, says when it was published.
      if (o.report && o.report->published && *o.report->published <= FormatDate(o.due.date)) continue;
      bool seen_before = std::any_of(history_.begin(), history_.end(), [&](const storage::AlertRow& a) {
        return a.kind == kAlertLate && a.agency == o.agency && a.year == o.year;
      });
      if (seen_before) continue;
      std::string detail = fmt::format("{} report first seen {}, after the deadline {}", o.year, DateOf(*o.first_seen),
                                       FormatDate(o.due.date));
      if (o.report && o.report->published) detail += "; the page says published " + *o.report->published;
      events_.push_back(Event{Key{kAlertLate, o.agency, o.year}, detail, 0});
    }
  }
  return Status::Ok();
}

Status AlertEngine::CollectBackfills(const std::map<Key, std::string>& conditions) {
  if (backfilling_.empty()) return Status::Ok();
  auto reports = store_.ListReports(storage::ReportFilter{});
  if (!reports.ok()) return reports.status();
  std::map<std::string, BackfillInput> inputs;
  for (const std::string& s : backfilling_) inputs[s].source = s;
  for (const storage::ReportSummary& r : *reports) {
    auto it = inputs.find(SourceOf(Key{"", r.agency, r.year}));
    if (it != inputs.end()) it->second.reports.push_back(r);
  }
  for (const auto& [key, detail] : conditions) {
    auto it = inputs.find(SourceOf(key));
    if (it == inputs.end() || key.kind == kAlertSourceFailing) continue;
    const BackfillItem item{key.agency, key.year, detail};
    if (key.kind == kAlertOverdue) it->second.overdue.push_back(item);
    if (key.kind == kAlertChecksFailed) it->second.checks_failed.push_back(item);
    if (key.kind == kAlertUnreadable) it->second.unreadable.push_back(item);
  }
  for (const auto& [source, in] : inputs) events_.push_back(Event{Key{kAlertBackfill, source, 0}, BackfillSummary(in), 0});
  return Status::Ok();
}

Status AlertEngine::CollectReports(std::map<Key, std::string>* conditions) {
  auto reports = store_.ListReports(storage::ReportFilter{});
  if (!reports.ok()) return reports.status();
  for (const storage::ReportSummary& r : *reports) {
    if (r.status == storage::ReportStatus::kAttachment || r.status == storage::ReportStatus::kFailed) {
      auto why = UnreadableCauses(r.document_id);
      if (!why.ok()) return why.status();
      (*conditions)[Key{kAlertUnreadable, r.agency, r.year}] =
          fmt::format("report status {}: {} ({}){}", storage::ToString(r.status), r.title, r.url, *why);
    }
    if (r.checks_failed > 0) {
      std::string detail = fmt::format("{} checks failed", r.checks_failed);
      auto full = store_.GetReport(r.agency, r.year);
      if (!full.ok()) return full.status();
      if (*full) {
        int listed = 0;
        for (const storage::CheckResult& c : (*full)->checks) {
          if (c.status != storage::CheckStatus::kFailed || ++listed > 10) continue;
          detail += fmt::format("; {}{}: {}", c.rule, c.scope.empty() ? "" : "[" + c.scope + "]", c.detail);
        }
      }
      (*conditions)[Key{kAlertChecksFailed, r.agency, r.year}] = detail + " (" + r.url + ")";
    }
    auto doc = store_.GetDocument(r.document_id);
    if (!doc.ok()) return doc.status();
    if (*doc && (*doc)->state == storage::DocState::kFailed && (*doc)->http_status &&
        (*(*doc)->http_status == 404 || *(*doc)->http_status == 410)) {
      (*conditions)[Key{kAlertWithdrawn, r.agency, r.year}] =
          fmt::format("the report page now answers HTTP {}: {}", *(*doc)->http_status, r.url);
    }
    auto all_versions = store_.ListReportVersions(r.agency, r.year);
    if (!all_versions.ok()) return all_versions.status();
    std::vector<storage::StoredReport> revised = ParsedRevisions(std::move(*all_versions));
    const std::vector<storage::StoredReport>* versions = &revised;
    if (versions->size() < 2) continue;
    std::size_t known = 1;  // versions an earlier `revised` alert already reported
    for (const storage::AlertRow& a : history_) {
      if (a.kind == kAlertRevised && a.agency == r.agency && a.year == r.year)
        known = std::max(known, static_cast<std::size_t>(std::max(a.versions, 0)));
    }
    if (versions->size() > known) {
      events_.push_back(
          Event{Key{kAlertRevised, r.agency, r.year}, RevisionDetail(*versions), static_cast<int>(versions->size())});
    }
  }
  return Status::Ok();
}

Result<std::string> AlertEngine::UnreadableCauses(std::int64_t document_id) {
  // The article itself (a link straight to a file), then its attachments.
  std::vector<storage::DocumentRow> docs;
  auto self = store_.GetDocument(document_id);
  if (!self.ok()) return self.status();
  if (*self) docs.push_back(**self);
  auto files = store_.AttachmentsOf(document_id);
  if (!files.ok()) return files.status();
  docs.insert(docs.end(), files->begin(), files->end());
  std::string out;
  for (const storage::DocumentRow& d : docs) {
    if (!d.error_kind || d.state == storage::DocState::kParsed) continue;
    out += fmt::format("; {}: {}: {}", d.url, ToString(*d.error_kind), d.last_error);
  }
  return out;
}

Status AlertEngine::CollectSources(const AlertOptions& alerts, std::map<Key, std::string>* conditions) {
  const int n = alerts.source_failing_cycles;
  auto last = store_.LastCycle();
  if (!last.ok()) return last.status();
  if (!*last || (*last)->id < n) return Status::Ok();
  // Failing cycles per source among the last n; a source must fail in all.
  std::map<std::string, int> failing;
  std::map<std::string, std::int64_t> errors;
  for (std::int64_t id = (*last)->id - n + 1; id <= (*last)->id; ++id) {
    auto stats = store_.CycleStats(id);
    if (!stats.ok()) return stats.status();
    for (const storage::SourceCycleStats& s : *stats) {
      if (s.errors > 0 && s.pages == 0) {
        ++failing[s.source_name];
        errors[s.source_name] += s.errors;
      }
    }
  }
  for (const auto& [name, count] : failing) {
    if (count < n) continue;
    (*conditions)[Key{kAlertSourceFailing, name, 0}] =
        fmt::format("the last {} crawl cycles fetched no page and had {} errors", n, errors[name]);
  }
  return Status::Ok();
}

Status AlertEngine::Raise(const Key& key, const std::string& detail, bool event, AlertPass* pass, int versions) {
  const UnixMillis now = clock_.Now();
  auto old = std::find_if(history_.begin(), history_.end(), [&](const storage::AlertRow& a) {
    return a.kind == key.kind && a.agency == key.agency && a.year == key.year && !a.resolved_at;
  });
  const bool is_new = old == history_.end();
  std::int64_t period = 0;
  if (!is_new) {
    period = ReminderPeriod(old->first_seen_at, now, options_->reminder_interval_s);
    if (period > ReminderPeriod(old->first_seen_at, old->last_seen_at, options_->reminder_interval_s)) {
      spdlog::warn("alert {} still open (reminder {}): {}: {}", key.kind, period, Who(key.agency, key.year), detail);
    }
  }
  const std::string source = SourceOf(key);
  std::vector<std::string> channels = RouteAlert(*options_, source, key.agency);
  if (key.kind == kAlertBackfill) backfill_channels_[key.agency] = channels;
  // A first crawl's alerts are told by its summary; an old `late` is history.
  const bool old_late = key.kind == kAlertLate && key.year < latest_due_year_;
  const auto summary = backfill_channels_.find(source);
  const bool summarised = is_new && key.kind != kAlertBackfill && key.kind != kAlertSourceFailing &&
                          backfilling_.contains(source) && summary != backfill_channels_.end();
  storage::AlertRecord record{key.kind, key.agency, key.year, detail, versions, event, {},
                              key.kind == kAlertBackfill ? key.agency : std::string()};
  for (const std::string& c : channels) {
    const bool withheld =
        old_late || (summarised && std::find(summary->second.begin(), summary->second.end(), c) != summary->second.end());
    record.deliveries.push_back(storage::DeliveryRequest{c, std::to_string(period), withheld});
  }
  auto raised = store_.RecordAlert(record);
  if (!raised.ok()) return raised.status().WithContext("alerts: raising " + key.kind);
  pass->enqueued += static_cast<int>(channels.size());
  if (raised->is_new) {
    ++pass->raised;
    spdlog::warn("alert {}: {}: {}", key.kind, Who(key.agency, key.year), FirstLine(detail));
  }
  return Status::Ok();
}

}  // namespace nianbao::alerts
