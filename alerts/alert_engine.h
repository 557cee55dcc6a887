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
//
// Every delivery's idempotency key is "<alert id>:<channel>:<period>" (period
// a number, or "resolved"), which storage keeps UNIQUE: re-running the engine,
// or restarting the process, never queues a second delivery of one period.
// Channels are "webhook" when [alerts] webhook is set and "email" when
// smtp_url is; the log always gets a line for a new, reminded or resolved alert.
//
// Threading: call from one thread; borrows the Store and the Clock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "alerts/alert_options.h"
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

// What one evaluation did.
struct AlertPass {
  int raised = 0;     // alerts newly opened (events included)
  int resolved = 0;   // conditions that became false
  int enqueued = 0;   // deliveries offered to the outbox (a key already there counts too)
  std::map<std::string, int> open_by_kind;  // open alerts after the pass
  std::map<int, int> overdue_by_year;       // overdue obligations per report year
};

// The outbox channels `alerts` configures, in a fixed order.
std::vector<std::string> AlertChannels(const AlertOptions& alerts);

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
  // `versions`: for a `revised` alert, the version count it reports.
  Status Raise(const Key& key, const std::string& detail, bool event, AlertPass* pass, int versions = 0);
  Status CollectObligations(const analysis::DeadlineRule& deadline, std::map<Key, std::string>* conditions, AlertPass* pass);
  Status CollectReports(std::map<Key, std::string>* conditions, AlertPass* pass);
  Status CollectSources(const AlertOptions& alerts, std::map<Key, std::string>* conditions);
  // "; URL: cause: detail" for each unread document of the report at `document_id`.
  Result<std::string> UnreadableCauses(std::int64_t document_id);
  Status Enqueue(const storage::AlertRow& alert, const std::string& period, AlertPass* pass);

  storage::Store& store_;
  const Clock& clock_;
  std::vector<std::string> channels_;
  std::int64_t reminder_interval_s_ = 0;
  std::vector<storage::AlertRow> history_;  // every alert, newest first, as the pass began
};

}  // namespace nianbao::alerts
