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

std::vector<std::string> AlertChannels(const AlertOptions& alerts) {
  std::vector<std::string> out;
  if (!alerts.webhook.empty()) out.push_back("webhook");
  if (!alerts.smtp_url.empty()) out.push_back("email");
  return out;
}

std::int64_t ReminderPeriod(UnixMillis first_seen, UnixMillis now, std::int64_t reminder_interval_s) {
  if (reminder_interval_s <= 0 || now <= first_seen) return 0;
  return (now - first_seen) / (reminder_interval_s * 1000);
}

Result<AlertPass> AlertEngine::Evaluate(const AlertOptions& alerts, const analysis::DeadlineRule& deadline) {
  channels_ = AlertChannels(alerts);
  reminder_interval_s_ = alerts.reminder_interval_s;
  auto history = store_.ListAlerts(false);
  if (!history.ok()) return history.status().WithContext("alerts: listing alerts");
  history_ = std::move(*history);

  AlertPass pass;
  std::map<Key, std::string> conditions;  // every condition true now, with its detail
  NIANBAO_RETURN_IF_ERROR(CollectObligations(deadline, &conditions, &pass).WithContext("alerts: deadlines"));
  NIANBAO_RETURN_IF_ERROR(CollectReports(&conditions, &pass).WithContext("alerts: reports"));
  NIANBAO_RETURN_IF_ERROR(CollectSources(alerts, &conditions).WithContext("alerts: sources"));
  for (const auto& [key, detail] : conditions) NIANBAO_RETURN_IF_ERROR(Raise(key, detail, false, &pass));

  auto open = store_.ListAlerts(true);
  if (!open.ok()) return open.status().WithContext("alerts: listing open alerts");
  for (const storage::AlertRow& a : *open) {
    if (!kConditionKinds.contains(a.kind) || conditions.contains(Key{a.kind, a.agency, a.year})) {
      ++pass.open_by_kind[a.kind];
      continue;
    }
    auto resolved = store_.ResolveAlert(a.kind, a.agency, a.year);
    if (!resolved.ok()) return resolved.status().WithContext("alerts: resolving " + a.kind);
    spdlog::info("alert resolved: {} {}", a.kind, Who(a.agency, a.year));
    ++pass.resolved;
    NIANBAO_RETURN_IF_ERROR(Enqueue(a, "resolved", &pass));
  }
  return pass;
}

Status AlertEngine::CollectObligations(const analysis::DeadlineRule& deadline, std::map<Key, std::string>* conditions,
                                       AlertPass* pass) {
  const UnixMillis now = clock_.Now();
  auto obligations = analysis::EvaluateCompliance(store_, deadline, now);
  if (!obligations.ok()) return obligations.status();
  // A column that could not be read says nothing about who published: no new
  // overdue alert from it (source_failing speaks for it), and an open one is
  // kept as it is rather than resolved.
  auto stats = store_.LatestStatsPerSource();
  if (!stats.ok()) return stats.status();
  std::set<std::string> unread;
  for (const storage::SourceCycleStats& st : *stats)
    if (st.pages == 0 && st.errors > 0) unread.insert(st.source_name);
  for (const analysis::Obligation& o : *obligations) {
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
      NIANBAO_RETURN_IF_ERROR(Raise(Key{kAlertLate, o.agency, o.year}, detail, true, pass));
    }
  }
  return Status::Ok();
}

Status AlertEngine::CollectReports(std::map<Key, std::string>* conditions, AlertPass* pass) {
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
      NIANBAO_RETURN_IF_ERROR(Raise(Key{kAlertRevised, r.agency, r.year}, RevisionDetail(*versions), true, pass,
                                    static_cast<int>(versions->size())));
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
  auto raised = store_.RaiseAlert(key.kind, key.agency, key.year, detail, versions);
  if (!raised.ok()) return raised.status().WithContext("alerts: raising " + key.kind);
  const UnixMillis now = clock_.Now();
  storage::AlertRow row;
  row.id = raised->alert_id;
  row.kind = key.kind;
  row.agency = key.agency;
  row.year = key.year;
  row.detail = detail;
  row.versions = versions;
  row.first_seen_at = now;
  row.last_seen_at = now;
  std::string period = "0";
  if (raised->is_new) {
    ++pass->raised;
    spdlog::warn("alert {}: {}: {}", key.kind, Who(key.agency, key.year), detail);
  } else {
    auto old = std::find_if(history_.begin(), history_.end(),
                            [&](const storage::AlertRow& a) { return a.id == row.id; });
    if (old != history_.end()) row.first_seen_at = old->first_seen_at;
    const std::int64_t p = ReminderPeriod(row.first_seen_at, now, reminder_interval_s_);
    const std::int64_t was =
        old == history_.end() ? p : ReminderPeriod(row.first_seen_at, old->last_seen_at, reminder_interval_s_);
    if (p > was) {
      spdlog::warn("alert {} still open (reminder {}): {}: {}", key.kind, p, Who(key.agency, key.year), detail);
    }
    period = std::to_string(p);
  }
  NIANBAO_RETURN_IF_ERROR(Enqueue(row, period, pass));
  if (event) {
    auto resolved = store_.ResolveAlert(key.kind, key.agency, key.year);
    if (!resolved.ok()) return resolved.status().WithContext("alerts: closing event " + key.kind);
  }
  return Status::Ok();
}

Status AlertEngine::Enqueue(const storage::AlertRow& alert, const std::string& period, AlertPass* pass) {
  for (const std::string& channel : channels_) {
    const std::string key = fmt::format("{}:{}:{}", alert.id, channel, period);
    auto id = store_.EnqueueDelivery(alert.id, channel, key);
    if (!id.ok()) return id.status().WithContext("alerts: queueing delivery " + key);
    ++pass->enqueued;
  }
  return Status::Ok();
}

}  // namespace nianbao::alerts
