// The plain structs and enumerations that cross the storage boundary. They
// carry no SQL, no handles and no behaviour: callers fill them and read them.
// All times are UnixMillis (UTC). Ids are SQLite rowids (> 0); 0 means "none".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/fetch_error.h"

namespace nianbao::storage {

// What a URL is to the crawler.
enum class DocKind { kList, kArticle, kAttachment, kRobots };

// A document's place in the queue:
//   pending -> fetching (Claim) -> fetched (CompleteFetch) -> parsed (MarkParsed)
//   any -> failed or back to pending with a retry time (Fail)
//   fetching -> pending (Release, or a lease that expired)
//   failed -> pending (RetryFailed); fetched/parsed -> pending (BeginCycle revisits)
enum class DocState { kPending, kFetching, kFetched, kParsed, kFailed };

// Why a document failed, so the CLI can group failures by cause: the fetcher's
// own vocabulary (common/fetch_error.h), stored under its stable names. A
// cancelled fetch is released, never stored (Fail refuses kCancelled).
using ErrorKind = FetchErrorKind;
using nianbao::ToString;  // storage::ToString(ErrorKind) keeps working

// A crawl cycle: running -> finished; a running cycle left behind may be
// abandoned.
enum class CycleState { kRunning, kFinished, kAbandoned };

// What a stored report holds: the standard tables (parsed), only a link to the
// report as a file (attachment), or neither (failed).
enum class ReportStatus { kParsed, kAttachment, kFailed };

// A stored arithmetic check's outcome (parser::CheckStatus, as kept).
enum class CheckStatus { kOk, kFailed, kNotAssessable };

// An alert delivery: pending (due at next_attempt_at), sent, or failed for good;
// digested: carried by a digest part, which owns its sending (sent with it);
// withheld: recorded and never pushed (a first-crawl summary covers it, or an
// old `late` event). Digest parts use only pending, sent and failed.
enum class DeliveryState { kPending, kSent, kFailed, kDigested, kWithheld };

// The spellings the schema's CHECK constraints accept, used in SQL and shown
// to operators (status, reports, JSON): "list"/"article"/…, "pending"/…,
// "running"/"finished"/"abandoned", "parsed"/"attachment"/"failed",
// "ok"/"failed"/"not_assessable", "pending"/"sent"/"failed".
std::string_view ToString(DocKind kind);
std::string_view ToString(DocState state);
std::string_view ToString(CycleState state);
std::string_view ToString(ReportStatus status);
std::string_view ToString(CheckStatus status);
std::string_view ToString(DeliveryState state);
// The enum named by `text` (as ToString spells it); nullopt for anything else.
std::optional<DocKind> ParseDocKind(std::string_view text);
std::optional<DocState> ParseDocState(std::string_view text);
std::optional<CycleState> ParseCycleState(std::string_view text);
std::optional<ReportStatus> ParseReportStatus(std::string_view text);
std::optional<CheckStatus> ParseCheckStatus(std::string_view text);
std::optional<DeliveryState> ParseDeliveryState(std::string_view text);

// ---- sources and agencies ----

struct SourceRow {
  std::int64_t id = 0;     // ignored by UpsertSource
  std::string name;        // unique; the key UpsertSource matches on
  std::string url;
  int first_year = 0;      // years before this are not expected
};

struct AgencyRow {
  std::string name;
  std::int64_t source_id = 0;  // 0: seen publishing but in no configured source
  int first_year = 0;          // from the roster; 0 when unknown
  bool on_roster = false;      // named in the configuration (else only seen publishing)
  std::optional<int> first_report_year;  // the earliest year it has a report for
};

// ---- the queue ----

struct NewDocument {
  std::string url;  // already normalised by the caller; the dedup key
  DocKind kind = DocKind::kArticle;
  std::int64_t source_id = 0;  // 0: none
  std::int64_t parent_id = 0;  // the document that linked it; 0: a seed
  int priority = 0;            // higher is claimed first
  std::string hint;            // opaque to storage: what the linking page said (e.g. title, date)
  std::string request;         // opaque to storage: how to fetch when not a plain GET of url
};

struct DocumentRow {
  std::int64_t id = 0;
  std::string url;
  DocKind kind = DocKind::kArticle;
  std::int64_t source_id = 0;
  std::int64_t parent_id = 0;
  int priority = 0;
  DocState state = DocState::kPending;
  int attempts = 0;                 // claims since the last success, RetryFailed or cycle re-queue
  UnixMillis next_attempt_at = 0;
  std::string lease_owner;          // set while fetching
  UnixMillis lease_until = 0;       // set while fetching
  std::optional<int> http_status;   // of the last response
  std::optional<ErrorKind> error_kind;
  std::string last_error;
  bool permanent = false;           // the failure was final (RetryFailed without `all` skips it)
  std::string etag;                 // for If-None-Match
  std::string last_modified;        // for If-Modified-Since
  std::string content_type;
  std::int64_t current_revision_id = 0;
  std::string hint;                 // as given to the first Enqueue of this URL
  std::string request;              // as given to the first Enqueue of this URL
  UnixMillis discovered_at = 0;
  std::optional<UnixMillis> fetched_at;
};

// What a finished transfer produced.
struct FetchRecord {
  int http_status = 200;
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::string charset;
  std::string body;           // raw bytes as received (before any transcoding)
  bool not_modified = false;  // a 304: body is empty and the current revision stands
};

struct CompleteOutcome {
  std::int64_t revision_id = 0;  // the document's current revision
  bool is_new = false;           // true when this content was never seen at this document
};

struct FailureRecord {
  ErrorKind kind = ErrorKind::kOther;
  std::optional<int> http_status;
  std::string error;                    // operator-readable cause
  std::optional<UnixMillis> retry_at;   // pending again at this time; nullopt: failed
  bool permanent = false;               // no point retrying (404, robots, scope); implies failed
};

struct StateCounts {
  std::int64_t pending = 0, fetching = 0, fetched = 0, parsed = 0, failed = 0;
};

struct FailureCause {
  ErrorKind kind = ErrorKind::kOther;
  std::int64_t count = 0;  // documents whose last attempt failed for this cause (failed, or awaiting a retry)
};

struct Revision {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::string content_hash;  // SHA-256, lowercase hex
  std::string body;          // decompressed
  std::int64_t size = 0;
  std::optional<int> http_status;
  std::string content_type;
  std::string charset;
  UnixMillis fetched_at = 0;     // first seen with this content
  UnixMillis last_seen_at = 0;   // last fetch that returned it
};

// ---- crawl cycles ----

struct CycleInfo {
  std::int64_t id = 0;
  UnixMillis started_at = 0;
  std::optional<UnixMillis> finished_at;
  CycleState state = CycleState::kRunning;
  bool resumed = false;       // BeginCycle found it unfinished and carried on
  std::int64_t requeued = 0;  // documents BeginCycle put back to pending
};

struct SourceCycleStats {
  std::int64_t cycle_id = 0;
  std::int64_t source_id = 0;
  std::string source_name;
  std::int64_t pages = 0;    // successful fetches (new or unchanged)
  std::int64_t errors = 0;   // failures of any kind
  std::int64_t blocked = 0;  // failures of kind blocked
};

// ---- reports ----

struct MetricValue {
  std::string table;   // e.g. "requests"
  std::string row;     // e.g. "new"
  std::string column;  // e.g. "natural_person"
  std::optional<double> value;  // nullopt: blank or unreadable cell
};

struct CheckResult {
  std::string rule;    // e.g. "requests.balance"
  std::string scope;   // e.g. a row key; may be empty
  CheckStatus status = CheckStatus::kNotAssessable;
  std::string detail;
};

struct StoredReport {
  std::int64_t id = 0;  // set by reads; ignored by SaveReport
  std::string agency;
  int year = 0;
  std::int64_t document_id = 0;
  std::int64_t revision_id = 0;  // 0: none
  std::string format;            // "2019" or "2021"
  std::string title;
  std::string url;
  std::optional<std::string> published;  // "YYYY-MM-DD"
  ReportStatus status = ReportStatus::kFailed;
  int checks_failed = 0;
  std::string body_text;
  std::string sections_json = "[]";  // stored verbatim
  std::string canonical_json;        // the whole canonical form, stored verbatim
  std::vector<MetricValue> metrics;
  std::vector<CheckResult> checks;
  UnixMillis saved_at = 0;  // set by reads
  std::string document;     // parser::DocumentKindName of the form read ("html", "pdf"…); "" unknown (NULL)
  int reader_version = 1;   // documents::kReaderVersion of the reader that produced it
};

// One line of `nianbao reports`.
struct ReportSummary {
  std::int64_t id = 0;
  std::string agency;
  int year = 0;
  std::string title;
  std::string url;
  std::optional<std::string> published;
  ReportStatus status = ReportStatus::kFailed;
  std::string format;
  int checks_failed = 0;
  std::int64_t document_id = 0;
  std::int64_t revision_id = 0;
  std::int64_t revisions = 0;  // distinct contents seen at the report's document
  std::string document;        // as StoredReport::document
  int reader_version = 1;
};

struct ReportFilter {
  std::optional<int> year;
  std::optional<std::string> agency;
};

// ---- alerts ----

struct AlertRow {
  std::int64_t id = 0;
  std::string kind;    // e.g. "missing", "check_failed", "source_failing"
  std::string agency;  // "" when not about an agency
  int year = 0;        // 0 when not about a year
  std::string detail;
  UnixMillis first_seen_at = 0;
  UnixMillis last_seen_at = 0;
  std::optional<UnixMillis> last_sent_at;
  std::string delivered_to;  // comma-separated channels that accepted it
  std::optional<UnixMillis> resolved_at;
  int versions = 0;  // a `revised` alert: the version count it reported; else 0
};

struct RaiseOutcome {
  std::int64_t alert_id = 0;
  bool is_new = false;  // false: an open alert with the same kind/agency/year existed
};

struct DeliveryRow {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::string channel;
  std::string idempotency_key;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  UnixMillis next_attempt_at = 0;
  std::string last_error;
};

// One delivery to queue with an alert (Store::RecordAlert). Its idempotency
// key is "<alert id>:<channel>:<period>".
struct DeliveryRequest {
  std::string channel;
  std::string period;     // a reminder period number, or "resolved"
  bool withheld = false;  // recorded as withheld: never pushed
};

// An alert to raise (or refresh) with its deliveries (Store::RecordAlert).
struct AlertRecord {
  std::string kind;
  std::string agency;
  int year = 0;
  std::string detail;
  int versions = 0;
  bool event = false;  // resolved in the same transaction (raised, delivered once, closed)
  std::vector<DeliveryRequest> deliveries;
  std::string summarises_source;  // non-empty: this alert summarises that source's first crawl (recorded with it)
};

// A pending delivery waiting to be put into a digest, with its alert.
struct DigestCandidate {
  DeliveryRow delivery;
  AlertRow alert;
};

// One stored part of a cycle's digest for one channel.
struct DigestPartRow {
  std::int64_t id = 0;
  std::int64_t cycle_id = 0;
  std::string channel;
  int part = 0;   // 1-based
  int parts = 0;  // parts of the digest this part belongs to
  std::string subject;  // e-mail only
  std::string body;     // exactly what is sent (a webhook's POST body, an e-mail's text)
  int alerts = 0;       // deliveries it carries
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  UnixMillis next_attempt_at = 0;
  std::string last_error;
};

}  // namespace nianbao::storage
