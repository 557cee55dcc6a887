// Outbox: delivers the alert deliveries the Store has due (alert_deliveries,
// filled by AlertEngine) over their channel — "webhook" through PostWebhook,
// "email" through SendEmail — and records each outcome: MarkDeliverySent, or
// MarkDeliveryFailed with a retry time backing off exponentially
// (retry_base · 2^attempts, capped) until max_attempts, then given up.
// A non-2xx answer is a failure. Each delivery carries its idempotency key
// (HTTP header "Idempotency-Key" and the JSON body), so a receiver can drop the
// repeat a crash between sending and recording may cause.
//
// Threading: DeliverDue blocks (each attempt is bounded by timeout_ms) and is
// meant for a worker thread, never the crawl's io thread; the Store serialises
// its calls, so this is safe while a cycle runs. One DeliverDue at a time.
// Borrows the Store and the Clock.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "alerts/alert_options.h"
#include "analysis/deadline.h"
#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace nianbao::alerts {

struct OutboxOptions {
  long timeout_ms = 10000;               // per attempt
  std::int64_t retry_base_ms = 60000;    // first retry after this
  std::int64_t retry_cap_ms = 3600000;   // longest wait between attempts
  int max_attempts = 10;                 // then the delivery is failed for good
  int batch = 100;                       // deliveries per DeliverDue
};

struct DeliveryPass {
  int sent = 0;
  int failed = 0;    // attempts that failed (retried later or given up)
  int gave_up = 0;   // of which no retry is left
};

// When a delivery that has failed `attempts` times (this one included) is
// tried again; nullopt when attempts reached max_attempts.
std::optional<UnixMillis> RetryAt(int attempts, UnixMillis now, const OutboxOptions& options);

class Outbox {
 public:
  Outbox(storage::Store& store, const Clock& clock, OutboxOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  // Sends every due delivery with the channels of `alerts`. Stops early (the
  // rest stay due) once `stop` is set. Errors are the Store's only; a channel
  // failing is recorded on the delivery, not returned.
  Result<DeliveryPass> DeliverDue(const AlertOptions& alerts, const std::atomic<bool>* stop = nullptr);

  // Failed attempts since this Outbox was made (for metrics).
  std::int64_t failures() const { return failures_.load(); }

 private:
  Status Send(const storage::DeliveryRow& d, const storage::AlertRow& alert, const AlertOptions& alerts);

  storage::Store& store_;
  const Clock& clock_;
  OutboxOptions options_;
  std::atomic<std::int64_t> failures_{0};
};

}  // namespace nianbao::alerts
