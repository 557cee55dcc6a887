// Outbox: delivers what the Store has due over its channel (channels.h) and
// records each outcome, backing off exponentially on failure
// (retry_base · 2^attempts, capped) until max_attempts, then giving up.
//
// With [alerts] digest (the default), each pass first puts the pending
// deliveries (alert_deliveries, filled by AlertEngine) into digests: per
// channel, ComposeDigest's parts are stored with the deliveries they carry
// (Store::StoreDigest) before any is sent, keyed (cycle, channel, part),
// cycle being the Store's last cycle. Then the due parts are sent, in order.
// Without digest each delivery is sent as its own message, as before.
//
// Delivery is at-least-once: a part or delivery is marked sent after its 2xx
// answer, with synchronous=FULL, and never sent again; a crash while the
// request is in flight sends it once more on restart, byte for byte the same
// body (robots ignore Idempotency-Key; the header carries
// "digest:<cycle>:<channel>:<part>" or the delivery's key for receivers that
// can use it). A DingTalk request with a secret is signed afresh each time.
//
// Rate limits: a channel with RatePerMinute n > 0 makes at most n requests in
// any 60 s to its RateTarget, counting attempts from the Store
// (RecordChannelSend, committed before the request), so a restarted process
// keeps the limit. A part or delivery that would exceed it is delayed to the
// moment the window allows it (next_attempt_at), never dropped; a later pass
// (the daemon polls; `crawl` sends it at its next run) sends it.
//
// Threading: DeliverDue blocks (each attempt is bounded by timeout_ms) and is
// meant for a worker thread, never the crawl's io thread; the Store serialises
// its calls, so this is safe while a cycle runs. One DeliverDue at a time.
// Borrows the Store and the Clock.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "alerts/alert_options.h"
#include "alerts/channels.h"
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
  int batch = 100;                       // parts, and deliveries, per DeliverDue
};

struct DeliveryPass {
  int sent = 0;      // messages sent (digest parts and single deliveries)
  int failed = 0;    // attempts that failed (retried later or given up)
  int gave_up = 0;   // of which no retry is left
  int delayed = 0;   // held back by a rate limit
};

// When a delivery that has failed `attempts` times (this one included) is
// tried again; nullopt when attempts reached max_attempts.
std::optional<UnixMillis> RetryAt(int attempts, UnixMillis now, const OutboxOptions& options);

class Outbox {
 public:
  Outbox(storage::Store& store, const Clock& clock, OutboxOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  // Composes digests (when alerts.digest) and sends everything due with the
  // channels of `alerts`. Stops early (the rest stay due) once `stop` is set.
  // Errors are the Store's only; a channel failing is recorded on the part or
  // delivery, not returned.
  Result<DeliveryPass> DeliverDue(const AlertOptions& alerts, const std::atomic<bool>* stop = nullptr);

  // Failed attempts since this Outbox was made (for metrics).
  std::int64_t failures() const { return failures_.load(); }

 private:
  Status ComposeDigests(const AlertOptions& alerts);
  Status DeliverParts(const AlertOptions& alerts, const std::atomic<bool>* stop, DeliveryPass* pass);
  Status DeliverSingles(const AlertOptions& alerts, const std::atomic<bool>* stop, DeliveryPass* pass);
  // nullopt when `channel` may make a request now; else the earliest time it may.
  Result<std::optional<UnixMillis>> RateWait(const Channel& channel);
  // Records the request against the rate limit, then makes it.
  Status Post(const Channel& channel, const AlertOptions& alerts, const std::string& subject, const std::string& body,
              const std::string& key);
  // The retry time of a failed attempt, counted and logged; nullopt: give up.
  std::optional<UnixMillis> OnFailure(const Status& sent, int attempts, const std::string& what,
                                      const std::string& channel, DeliveryPass* pass);

  storage::Store& store_;
  const Clock& clock_;
  OutboxOptions options_;
  std::atomic<std::int64_t> failures_{0};
};

}  // namespace nianbao::alerts
