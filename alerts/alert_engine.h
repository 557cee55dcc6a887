// AlertEngine: turns the Store's state after a crawl cycle into alerts and
// queues their deliveries in the durable outbox (storage's alert_deliveries).
//
// Two sorts of alert kinds:
//  * Conditions stay open while true and are resolved when false:
//      overdue         no report for (agency, year) and the deadline has passed
//      source_failing  a source's last `source_failing_cycles` cycles each had
//                      errors and no page fetched (agency = the source's name)
//      unreadable      the current report's status is "attachment" or "failed";
//                      the detail names each document that could not be read,
//                      with its cause (encrypted, unsupported, broken, limit…)
//      checks_failed   the current report has failed arithmetic checks
//      withdrawn       the report's page now answers HTTP 404 or 410
//    An open condition is delivered once per reminder period (period n covers
//    [first_seen + n·reminder_interval, first_seen + (n+1)·reminder_interval)),
//    and once more when it is resolved.
//  * Events are facts that cannot become false, so they are raised, delivered
//    once and resolved at once; the alert history keeps them from repeating:
//      late     the report was first seen after the deadline (once per agency
//               and year, ever; an open `overdue` for it is resolved). Not
//               raised when the page's own date is on time: nianbao found it
//               late (e.g. on its first crawl), the agency did not publish late.
//      revised  the report has a new version (once per version count; the
//               detail lists the metrics that differ from the previous version).
//               Counted over parsed versions, one per stored revision: a
//               re-reading by a newer reader is not a revision
//      backfill a source's first crawl: the first evaluation after a cycle
//               fetched a page of it (agency = the source's name; recorded
//               with it in storage's first_crawls, so once per source even if
//               a process dies between the cycle and the evaluation): one
//               summary (backfill.h) standing for what that evaluation raised
//               about the source's agencies. Those alerts
//               are recorded, and their first delivery is queued `withheld`
//               (never pushed) on every channel the summary goes to.
//    A `late` event for a report year before the latest one due
//    (backfill.h LatestDueYear) is recorded and withheld likewise.
//
// Every delivery's idempotency key is "<alert id>:<channel>:<period>" (period
// a number, or "resolved"), which storage keeps UNIQUE: re-running the engine,
// or restarting the process, never queues a second delivery of one period.
// An alert, its deliveries and (for an event) its closing are one transaction
// (Store::RecordAlert), as are a resolution and its announcements. The
// channels come from channels.h RouteAlert, by the alert's source (the one
// its agency is expected in) and agency; the log always gets a line for a
// new, reminded or resolved alert.
//
// Threading: call from one thread; borrows the Store and the Clock.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "alerts/alert_options.h"
#include "analysis/compliance.h"
#include "analysis/deadline.h"
#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace nianbao::alerts {

inline constexpr const char* kAlertOverdue = "overdue";
inline constexpr const char* kAlertLate = "late";
inline constexpr const char* kAlertSourceFailing = "source_failing";
inline constexpr const char* kAlertUnreadable = "unreadable";
inline constexpr const char* kAlertChecksFailed = "checks_failed";
inline constexpr const char* kAlertRevised = "revised";
inline constexpr const char* kAlertWithdrawn = "withdrawn";
inline constexpr const char* kAlertBackfill = "backfill";

// What one evaluation did.
struct AlertPass {
  int raised = 0;     // alerts newly opened (events included)
  int resolved = 0;   // conditions that became false
  int enqueued = 0;   // deliveries offered to the outbox (a key already there counts too)
  std::map<std::string, int> open_by_kind;  // open alerts after the pass
  std::map<int, int> overdue_by_year;       // overdue obligations per report year
};

// The reminder period `now` falls in for an alert first seen at `first_seen`.
std::int64_t ReminderPeriod(UnixMillis first_seen, UnixMillis now, std::int64_t reminder_interval_s);

class AlertEngine {
 public:
  AlertEngine(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Evaluates every kind against the Store, delivering through the channels
  // `alerts` configures and judging deadlines by `deadline`; errors name the step.
  Result<AlertPass> Evaluate(const AlertOptions& alerts, const analysis::DeadlineRule& deadline);

 private:
  struct Key {
    std::string kind, agency;
    int year = 0;
    auto operator<=>(const Key&) const = default;
  };
  struct Event {
    Key key;
    std::string detail;
    int versions = 0;  // a `revised` alert: the version count it reports
  };
  Status Prepare(const AlertOptions& alerts, const analysis::DeadlineRule& deadline);
  Status CollectObligations(std::map<Key, std::string>* conditions, AlertPass* pass);
  Status CollectReports(std::map<Key, std::string>* conditions);
  Status CollectSources(const AlertOptions& alerts, std::map<Key, std::string>* conditions);
  // One `backfill` event per source whose first crawl awaits its summary.
  Status CollectBackfills(const std::map<Key, std::string>& conditions);
  // "; URL: cause: detail" for each unread document of the report at `document_id`.
  Result<std::string> UnreadableCauses(std::int64_t document_id);
  Status Raise(const Key& key, const std::string& detail, bool event, AlertPass* pass, int versions = 0);
  // The source an alert's agency is expected in ("" unknown).
  std::string SourceOf(const Key& key) const;

  storage::Store& store_;
  const Clock& clock_;
  const AlertOptions* options_ = nullptr;
  std::vector<storage::AlertRow> history_;  // every alert, newest first, as the pass began
  std::vector<analysis::Obligation> obligations_;
  std::map<std::string, std::string> source_of_;  // agency → the source it is expected in
  std::set<std::string> backfilling_;             // sources whose first crawl awaits its summary
  std::map<std::string, std::vector<std::string>> backfill_channels_;  // source → its summary's channels
  std::vector<Event> events_;
  int latest_due_year_ = 0;
};

}  // namespace nianbao::alerts
