// Opening the store, sources and agencies, and maintenance. The open sequence
// takes the writer lock before touching the file, so a refused second writer
// never even sets a PRAGMA on a database another process owns.
#include "storage/store.h"

#include "storage/db.h"
#include "storage/schema.h"
#include "storage/writer_lock.h"

namespace nianbao::storage {
namespace {

// Long enough to ride out the writer's checkpoint; short enough that a wedged
// writer shows up as an error rather than a hung CLI.
constexpr int kBusyTimeoutMs = 5000;

Status ConfigureWriter(Db& db) {
  // Before WAL is switched on, which would change another application's file.
  // This is the first statement that reads the file, so a file that is not
  // SQLite fails here with kCorrupt.
  NIANBAO_RETURN_IF_ERROR(RefuseForeignDatabase(db));
  Result<std::string> mode = db.QueryText("PRAGMA journal_mode = WAL");
  if (!mode.ok()) return mode.status();
  if (*mode != "wal") return IoError(db.path() + ": cannot switch to WAL (journal_mode is " + *mode + ")");
  NIANBAO_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs)));
  NIANBAO_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
  // WAL with synchronous=NORMAL: a process killed at any moment loses nothing
  // committed and leaves the file consistent; only a power cut can drop the
  // last commits, which the queue redoes (a re-fetch). The one state whose
  // loss would be visible to people, an alert's sent mark, is committed with
  // synchronous=FULL (MarkDeliverySent). Per-commit fsync would otherwise
  // bound the crawl at ~65 pages/s on this machine (bench_crawl).
  NIANBAO_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = NORMAL"));
  Result<std::string> check = db.QueryText("PRAGMA quick_check");
  if (!check.ok()) return check.status();
  if (*check != "ok") return Corrupt(db.path() + ": quick_check failed: " + *check);
  return Status::Ok();
}

Result<int> ConfigureReader(Db& db) {
  NIANBAO_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs)));
  NIANBAO_RETURN_IF_ERROR(db.Exec("PRAGMA query_only = ON"));
  Result<int> version = SchemaVersion(db);
  if (!version.ok()) return version.status();
  if (*version == 0) {
    NIANBAO_RETURN_IF_ERROR(RefuseForeignDatabase(db));
    return NotFound(db.path() + ": not a nianbao database yet (no schema); run a writer such as `nianbao crawl` once");
  }
  if (*version < kOldestReadableVersion) {
    return FailedPrecondition(db.path() + ": schema version " + std::to_string(*version) +
                       " is too old to read; open it once with a writer (`nianbao crawl`) to migrate it");
  }
  if (*version > kSchemaVersion) {
    return FailedPrecondition(db.path() + ": schema version " + std::to_string(*version) +
                       " is newer than this nianbao understands; upgrade nianbao");
  }
  return version;
}

}  // namespace

Store::Store(PassKey, std::unique_ptr<WriterLock> lock, std::unique_ptr<Db> db, OpenMode mode, const Clock& clock,
             int schema_version)
    : lock_(std::move(lock)), db_(std::move(db)), mode_(mode), clock_(clock), schema_version_(schema_version) {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, OpenMode mode, const Clock& clock) {
  std::unique_ptr<WriterLock> lock;
  if (mode == OpenMode::kWriter && path != ":memory:") {
    Result<std::unique_ptr<WriterLock>> acquired = WriterLock::Acquire(path);
    if (!acquired.ok()) return acquired.status();
    lock = std::move(acquired).value();
  }
  Result<std::unique_ptr<Db>> db = Db::Open(path, mode == OpenMode::kWriter ? DbMode::kWriter : DbMode::kReadOnly);
  if (!db.ok()) return db.status();
  int version = kSchemaVersion;
  if (mode == OpenMode::kWriter) {
    NIANBAO_RETURN_IF_ERROR(ConfigureWriter(**db));
    NIANBAO_RETURN_IF_ERROR(Migrate(**db));
  } else {
    Result<int> v = ConfigureReader(**db);
    if (!v.ok()) return v.status();
    version = *v;
  }
  return std::make_unique<Store>(PassKey(), std::move(lock), std::move(db).value(), mode, clock, version);
}

const std::string& Store::path() const { return db_->path(); }

Status Store::RequireWriter(const char* what) const {
  if (mode_ == OpenMode::kWriter) return Status::Ok();
  return Status(Code::kReadOnly, db_->path() + ": " + what + ": the database is open read-only");
}

Result<std::int64_t> Store::UpsertSource(const SourceRow& source) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("UpsertSource"));
  Result<Query> q = db_->Prepare(
      "INSERT INTO sources(name, url, first_year, created_at) VALUES(?1, ?2, ?3, ?4) "
      "ON CONFLICT(name) DO UPDATE SET url = excluded.url, first_year = excluded.first_year RETURNING id");
  if (!q.ok()) return q.status();
  q->Bind(1, source.name).Bind(2, source.url).Bind(3, source.first_year).Bind(4, clock_.Now());
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("source " + source.name);
  return q->Int(0);
}

Result<std::vector<SourceRow>> Store::ListSources() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT id, name, url, first_year FROM sources ORDER BY id");
  if (!q.ok()) return q.status();
  return q->Collect<SourceRow>(
      [](const Query& r) { return SourceRow{r.Int(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3))}; });
}

Status Store::SetRoster(std::int64_t source_id, const std::vector<std::string>& agencies, int first_year) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("SetRoster"));
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  {
    Result<Query> off = db_->Prepare("UPDATE agencies SET on_roster = 0 WHERE source_id = ?1");
    if (!off.ok()) return off.status();
    NIANBAO_RETURN_IF_ERROR(off->Bind(1, source_id).Run());
  }
  for (const std::string& name : agencies) {
    Result<Query> q = db_->Prepare(
        "INSERT INTO agencies(name, source_id, first_year, on_roster, first_seen_at) VALUES(?1, ?2, ?3, 1, ?4) "
        "ON CONFLICT(name) DO UPDATE SET source_id = excluded.source_id, first_year = excluded.first_year, "
        "on_roster = 1");
    if (!q.ok()) return q.status();
    Status st = q->Bind(1, name).Bind(2, source_id).Bind(3, first_year).Bind(4, clock_.Now()).Run();
    if (!st.ok()) return st.WithContext("roster of source " + std::to_string(source_id) + ": agency " + name);
  }
  return txn->Commit();
}

Result<std::vector<AgencyRow>> Store::ListAgencies() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT a.name, a.source_id, a.first_year, a.on_roster, "
      "(SELECT MIN(r.year) FROM reports r WHERE r.agency = a.name) FROM agencies a ORDER BY a.name");
  if (!q.ok()) return q.status();
  return q->Collect<AgencyRow>([](const Query& r) {
    AgencyRow a;
    a.name = r.Text(0);
    a.source_id = r.OptInt(1).value_or(0);
    a.first_year = static_cast<int>(r.Int(2));
    a.on_roster = r.Int(3) != 0;
    if (auto y = r.OptInt(4)) a.first_report_year = static_cast<int>(*y);
    return a;
  });
}

Status Store::Checkpoint() {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("Checkpoint"));
  return db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

Status Store::IntegrityCheck() {
  std::lock_guard lock(mu_);
  Result<std::string> check = db_->QueryText("PRAGMA integrity_check");
  if (!check.ok()) return check.status();
  if (*check != "ok") return Corrupt(db_->path() + ": integrity_check failed: " + *check);
  return Status::Ok();
}

}  // namespace nianbao::storage
