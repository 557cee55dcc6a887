// Each migration is plain DDL kept here so the whole schema reads top to bottom.
// STRICT tables make SQLite reject a TEXT in an INTEGER column instead of
// quietly storing it; CHECK constraints pin the enumerations that storage/
// converts with types.cpp, so a bug elsewhere cannot invent a state.
#include "storage/schema.h"

#include <string>

namespace nianbao::storage {
namespace {

// Version 1: the queue and the history.
constexpr const char* kV1 = R"sql(
CREATE TABLE sources(
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  url         TEXT NOT NULL,
  first_year  INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE agencies(
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  source_id   INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  first_year  INTEGER NOT NULL DEFAULT 0,
  on_roster   INTEGER NOT NULL DEFAULT 0,
  first_seen_at INTEGER NOT NULL
) STRICT;

CREATE TABLE documents(
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK(kind IN ('list','article','attachment','robots')),
  source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  parent_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  priority      INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL DEFAULT 'pending'
                CHECK(state IN ('pending','fetching','fetched','parsed','failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  lease_owner   TEXT,
  lease_until   INTEGER,
  http_status   INTEGER,
  error_kind    TEXT CHECK(error_kind IN ('dns','connect','timeout','tls','http','robots','scope',
                                          'limit','blocked','parse','other')),
  last_error    TEXT,
  permanent     INTEGER NOT NULL DEFAULT 0,
  etag          TEXT,
  last_modified TEXT,
  content_type  TEXT,
  current_revision_id INTEGER,
  hint          TEXT NOT NULL DEFAULT '',
  request       TEXT NOT NULL DEFAULT '',
  discovered_at INTEGER NOT NULL,
  fetched_at    INTEGER,
  CHECK((state = 'fetching') = (lease_until IS NOT NULL))
) STRICT;
CREATE INDEX documents_due ON documents(state, priority DESC, next_attempt_at);
CREATE INDEX documents_lease ON documents(lease_until) WHERE state = 'fetching';
CREATE INDEX documents_kind ON documents(kind, state);

CREATE TABLE revisions(
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  content_hash  TEXT NOT NULL,
  body_z        BLOB NOT NULL,
  size          INTEGER NOT NULL,
  http_status   INTEGER,
  content_type  TEXT,
  charset       TEXT,
  fetched_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  UNIQUE(document_id, content_hash)
) STRICT;

CREATE TABLE cycles(
  id          INTEGER PRIMARY KEY,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  state       TEXT NOT NULL CHECK(state IN ('running','finished','abandoned'))
) STRICT;
CREATE UNIQUE INDEX cycles_one_running ON cycles(state) WHERE state = 'running';

CREATE TABLE cycle_source_stats(
  cycle_id    INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  pages       INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  blocked     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(cycle_id, source_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE reports(
  id            INTEGER PRIMARY KEY,
  agency        TEXT NOT NULL,
  year          INTEGER NOT NULL,
  document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  revision_id   INTEGER REFERENCES revisions(id) ON DELETE SET NULL,
  is_current    INTEGER NOT NULL DEFAULT 1,
  format        TEXT NOT NULL DEFAULT '',
  title         TEXT NOT NULL DEFAULT '',
  url           TEXT NOT NULL DEFAULT '',
  published     TEXT,
  status        TEXT NOT NULL CHECK(status IN ('parsed','attachment','failed')),
  checks_failed INTEGER NOT NULL DEFAULT 0,
  body_text     TEXT NOT NULL DEFAULT '',
  sections_json TEXT NOT NULL DEFAULT '[]',
  canonical_json TEXT NOT NULL DEFAULT '',
  saved_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX reports_key ON reports(agency, year, document_id);
CREATE INDEX reports_year ON reports(year, agency) WHERE is_current = 1;

CREATE TABLE report_metrics(
  report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  table_name  TEXT NOT NULL,
  row_key     TEXT NOT NULL,
  column_key  TEXT NOT NULL,
  value       REAL,
  PRIMARY KEY(report_id, table_name, row_key, column_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_checks(
  report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  rule        TEXT NOT NULL,
  scope       TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL CHECK(status IN ('ok','failed','not_assessable')),
  detail      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(report_id, seq)
) STRICT, WITHOUT ROWID;
)sql";

// Version 2: alerts and their delivery outbox.
constexpr const char* kV2 = R"sql(
CREATE TABLE alerts(
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  agency        TEXT NOT NULL DEFAULT '',
  year          INTEGER NOT NULL DEFAULT 0,
  detail        TEXT NOT NULL DEFAULT '',
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  last_sent_at  INTEGER,
  delivered_to  TEXT NOT NULL DEFAULT '',
  resolved_at   INTEGER
) STRICT;
CREATE UNIQUE INDEX alerts_open ON alerts(kind, agency, year) WHERE resolved_at IS NULL;

CREATE TABLE alert_deliveries(
  id              INTEGER PRIMARY KEY,
  alert_id        INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  channel         TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK(state IN ('pending','sent','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
) STRICT;
CREATE INDEX alert_deliveries_due ON alert_deliveries(state, next_attempt_at);
)sql";

// Version 3: a `revised` alert keeps the version count it reported as data.
// Older ones had it only as the number their detail starts with ("3 versions;
// ..."), which CAST reads (a text without a leading number gives 0).
constexpr const char* kV3 = R"sql(
ALTER TABLE alerts ADD COLUMN versions INTEGER NOT NULL DEFAULT 0;
UPDATE alerts SET versions = CAST(detail AS INTEGER) WHERE kind = 'revised';
)sql";

// Version 4: the `protocol` failure cause (bad chunking, a body shorter than
// its length) and `cancelled`. SQLite cannot change a CHECK in place, so documents is rebuilt
// the documented way (create, copy, drop, rename) with foreign keys off —
// Migrate turns them off, as DROP TABLE would otherwise cascade into the
// revisions and reports. Those name "documents" and so point at the new table.
constexpr const char* kV4 = R"sql(
CREATE TABLE documents_v4(
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK(kind IN ('list','article','attachment','robots')),
  source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  parent_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  priority      INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL DEFAULT 'pending'
                CHECK(state IN ('pending','fetching','fetched','parsed','failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  lease_owner   TEXT,
  lease_until   INTEGER,
  http_status   INTEGER,
  error_kind    TEXT CHECK(error_kind IN ('dns','connect','timeout','tls','protocol','http','robots','scope',
                                          'limit','blocked','parse','cancelled','other')),
  last_error    TEXT,
  permanent     INTEGER NOT NULL DEFAULT 0,
  etag          TEXT,
  last_modified TEXT,
  content_type  TEXT,
  current_revision_id INTEGER,
  hint          TEXT NOT NULL DEFAULT '',
  request       TEXT NOT NULL DEFAULT '',
  discovered_at INTEGER NOT NULL,
  fetched_at    INTEGER,
  CHECK((state = 'fetching') = (lease_until IS NOT NULL))
) STRICT;
INSERT INTO documents_v4 SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v4 RENAME TO documents;
CREATE INDEX documents_due ON documents(state, priority DESC, next_attempt_at);
CREATE INDEX documents_lease ON documents(lease_until) WHERE state = 'fetching';
CREATE INDEX documents_kind ON documents(kind, state);
)sql";

// Version 5: reports read from documents. Each report records the form its
// numbers were read from (`document`, parser::DocumentKindName; NULL when
// unknown, as for every report before this version) and the version of the
// readers that produced it (`reader_version`, documents/reader_version.h;
// reports before this version were read by version 1, pages only), so a
// newer reader re-reads them. documents.error_kind admits the causes of a
// document that cannot be read, rebuilt as in version 4.
constexpr const char* kV5 = R"sql(
ALTER TABLE reports ADD COLUMN document TEXT;
ALTER TABLE reports ADD COLUMN reader_version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE documents_v5(
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK(kind IN ('list','article','attachment','robots')),
  source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  parent_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  priority      INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL DEFAULT 'pending'
                CHECK(state IN ('pending','fetching','fetched','parsed','failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  lease_owner   TEXT,
  lease_until   INTEGER,
  http_status   INTEGER,
  error_kind    TEXT CHECK(error_kind IN ('dns','connect','timeout','tls','protocol','http','robots','scope',
                                          'limit','blocked','parse','cancelled','encrypted','unsupported',
                                          'broken','other')),
  last_error    TEXT,
  permanent     INTEGER NOT NULL DEFAULT 0,
  etag          TEXT,
  last_modified TEXT,
  content_type  TEXT,
  current_revision_id INTEGER,
  hint          TEXT NOT NULL DEFAULT '',
  request       TEXT NOT NULL DEFAULT '',
  discovered_at INTEGER NOT NULL,
  fetched_at    INTEGER,
  CHECK((state = 'fetching') = (lease_until IS NOT NULL))
) STRICT;
INSERT INTO documents_v5 SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v5 RENAME TO documents;
CREATE INDEX documents_due ON documents(state, priority DESC, next_attempt_at);
CREATE INDEX documents_lease ON documents(lease_until) WHERE state = 'fetching';
CREATE INDEX documents_kind ON documents(kind, state);
CREATE INDEX documents_parent ON documents(parent_id) WHERE kind = 'attachment';
)sql";

// ---- Version 6 (alert delivery, issue 12): digests, rate limits, withheld deliveries ----
// digest_parts: one message of a cycle's digest for one channel, its content
// stored before it is first sent, so a re-send is byte for byte the same and a
// crash cannot re-split it; UNIQUE(cycle_id, channel, part) is its key.
// alert_deliveries gains the part that carries it (digest_part_id) and two
// states: 'digested' (in a part, which owns the sending) and 'withheld'
// (recorded, never pushed: covered by a first-crawl summary, or an old `late`).
// The CHECK constraint changes, so the table is rebuilt (foreign keys are off
// during migrations, see Migrate). channel_sends: every attempt to a
// rate-limited target (webhook URL), so a restarted process knows what the
// last minute already took. first_crawls: the sources whose first crawl has
// been summarised (or happened before this version).
constexpr const char* kV6 = R"sql(
CREATE TABLE digest_parts(
  id              INTEGER PRIMARY KEY,
  cycle_id        INTEGER NOT NULL,
  channel         TEXT NOT NULL,
  part            INTEGER NOT NULL,
  parts           INTEGER NOT NULL,
  subject         TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL,
  alerts          INTEGER NOT NULL DEFAULT 0,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK(state IN ('pending','sent','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  UNIQUE(cycle_id, channel, part)
) STRICT;
CREATE INDEX digest_parts_due ON digest_parts(state, next_attempt_at);

CREATE TABLE alert_deliveries_v6(
  id              INTEGER PRIMARY KEY,
  alert_id        INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  channel         TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK(state IN ('pending','sent','failed','digested','withheld')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  digest_part_id  INTEGER REFERENCES digest_parts(id) ON DELETE SET NULL
) STRICT;
INSERT INTO alert_deliveries_v6(id, alert_id, channel, idempotency_key, state, attempts, next_attempt_at,
                                last_error, created_at, sent_at)
  SELECT id, alert_id, channel, idempotency_key, state, attempts, next_attempt_at, last_error, created_at, sent_at
  FROM alert_deliveries;
DROP TABLE alert_deliveries;
ALTER TABLE alert_deliveries_v6 RENAME TO alert_deliveries;
CREATE INDEX alert_deliveries_due ON alert_deliveries(state, next_attempt_at);
CREATE INDEX alert_deliveries_part ON alert_deliveries(digest_part_id) WHERE digest_part_id IS NOT NULL;

CREATE TABLE channel_sends(
  target   TEXT NOT NULL,
  sent_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX channel_sends_target ON channel_sends(target, sent_at);

-- Sources whose first successful crawl has been summarised (a `backfill`
-- alert); those already crawled before this version count as done.
CREATE TABLE first_crawls(
  source_name TEXT PRIMARY KEY,
  alert_id    INTEGER
) STRICT;
INSERT INTO first_crawls(source_name)
  SELECT DISTINCT s.name FROM sources s JOIN cycle_source_stats c ON c.source_id = s.id WHERE c.pages > 0;
)sql";
// ---- end of version 6 ----

constexpr const char* kMigrations[] = {kV1, kV2, kV3, kV4, kV5, kV6};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

Status ApplyOne(Db& db, int version) {
  Result<Transaction> txn = Transaction::Begin(db);
  if (!txn.ok()) return txn.status();
  NIANBAO_RETURN_IF_ERROR(db.Exec(kMigrations[version - 1]));
  Result<std::int64_t> dangling = db.QueryInt("SELECT count(*) FROM pragma_foreign_key_check");
  if (!dangling.ok()) return dangling.status();
  if (*dangling != 0) return Corrupt(db.path() + ": " + std::to_string(*dangling) + " rows with dangling references");
  // PRAGMA takes no bound parameters; the number is ours, not input.
  NIANBAO_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(version)));
  return txn->Commit();
}

}  // namespace

Result<int> SchemaVersion(Db& db) {
  Result<std::int64_t> v = db.QueryInt("PRAGMA user_version");
  if (!v.ok()) return v.status();
  return static_cast<int>(*v);
}

Status RefuseForeignDatabase(Db& db) {
  Result<int> version = SchemaVersion(db);
  if (!version.ok()) return version.status();
  if (*version != 0) return Status::Ok();
  Result<std::int64_t> objects = db.QueryInt("SELECT count(*) FROM sqlite_schema");
  if (!objects.ok()) return objects.status();
  if (*objects == 0) return Status::Ok();
  return Corrupt(db.path() + ": not a nianbao database (it has tables but no nianbao schema version)");
}

Status Migrate(Db& db, int target) {
  NIANBAO_RETURN_IF_ERROR(RefuseForeignDatabase(db));
  Result<int> current = SchemaVersion(db);
  if (!current.ok()) return current.status();
  if (*current > kSchemaVersion) {
    return FailedPrecondition(db.path() + ": schema version " + std::to_string(*current) +
                       " is newer than this nianbao understands (" + std::to_string(kSchemaVersion) +
                       "); upgrade nianbao");
  }
  if (*current >= target) return Status::Ok();
  // A table rebuild must not cascade (see kV3); the pragma is a no-op inside
  // a transaction, so it is switched here, around them all.
  Result<std::int64_t> foreign_keys = db.QueryInt("PRAGMA foreign_keys");
  if (!foreign_keys.ok()) return foreign_keys.status();
  NIANBAO_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = OFF"));
  Status st = Status::Ok();
  for (int v = *current + 1; v <= target && st.ok(); ++v) {
    st = ApplyOne(db, v);
    if (!st.ok()) st = st.WithContext("migrating to schema version " + std::to_string(v));
  }
  if (*foreign_keys != 0) {
    Status on = db.Exec("PRAGMA foreign_keys = ON");
    if (st.ok()) st = on;
  }
  return st;
}

}  // namespace nianbao::storage
