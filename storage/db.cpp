// The SQLite glue. Statements are prepared with SQLITE_PREPARE_PERSISTENT and
// kept for the life of the connection because the queue runs the same dozen
// statements millions of times; re-preparing them would dominate small claims.
#include "storage/db.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace nianbao::storage {

Stmt::~Stmt() { sqlite3_finalize(raw_); }

Query::Query(Query&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), sql_(other.sql_), bind_status_(std::move(other.bind_status_)) {
  other.stmt_ = nullptr;
}

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Query::Remember(int rc, int index) {
  if (rc == SQLITE_OK || !bind_status_.ok()) return;
  bind_status_ = db_->Error(rc, "binding parameter " + std::to_string(index) + " of: " + std::string(sql_));
}

Query& Query::Bind(int index, std::int64_t value) {
  Remember(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Query& Query::Bind(int index, double value) {
  Remember(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Query& Query::Bind(int index, std::string_view value) {
  Remember(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
  return *this;
}

Query& Query::Bind(int index, BlobRef value) {
  // A zero-length blob must still be a BLOB, not NULL: bind_blob64 with a null
  // pointer would store NULL.
  static const char kEmpty = 0;
  const void* data = value.size == 0 ? &kEmpty : value.data;
  Remember(sqlite3_bind_blob64(stmt_, index, data, value.size, SQLITE_TRANSIENT), index);
  return *this;
}

Query& Query::Bind(int index, std::nullptr_t) {
  Remember(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Query& Query::Bind(int index, const std::optional<std::int64_t>& value) {
  return value ? Bind(index, *value) : Bind(index, nullptr);
}

Query& Query::Bind(int index, const std::optional<double>& value) {
  return value ? Bind(index, *value) : Bind(index, nullptr);
}

Query& Query::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : Bind(index, nullptr);
}

Result<bool> Query::Step() {
  if (!bind_status_.ok()) return bind_status_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(rc, "running: " + std::string(sql_));
}

Status Query::Run() {
  return ForEachRow([](const Query&) {});
}

bool Query::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Query::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Query::Real(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Query::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}

std::string Query::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (p == nullptr) return std::string();
  return std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}

std::optional<std::int64_t> Query::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<double> Query::OptReal(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Real(col);
}

std::optional<std::string> Query::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, DbMode mode) {
  // SQLite's own CANTOPEN does not say whether the file is missing or
  // unreadable; an operator needs to know which.
  struct stat st;
  if (mode == DbMode::kReadOnly && path != ":memory:" && ::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return NotFound(path + ": no such database (a writer such as `nianbao crawl` creates it)");
    }
    return IoError(path + ": " + std::strerror(errno));
  }
  int flags = mode == DbMode::kWriter ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
  flags |= SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = path + ": cannot open database: " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
    sqlite3_close(raw);
    return IoError(msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  return std::make_unique<Db>(raw, path, mode);
}

Db::~Db() {
  cache_.clear();  // finalise every statement first, or close fails with SQLITE_BUSY
  sqlite3_close(raw_);
}

Status Db::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(raw_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return Error(rc, "running: " + text);
  return Status::Ok();
}

Status Db::RunCached(std::string_view sql) {
  Result<Query> q = Prepare(sql);
  if (!q.ok()) return q.status();
  return q->Run();
}

Result<Query> Db::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(raw_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing: " + std::string(sql));
    it = cache_.emplace(std::string(sql), std::make_unique<Stmt>(raw)).first;
  }
  return Query(this, it->second->raw(), it->first);
}

Result<std::string> Db::QueryText(std::string_view sql) {
  Result<Query> q = Prepare(sql);
  if (!q.ok()) return q.status();
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Internal(path_ + ": no row from: " + std::string(sql));
  return q->Text(0);
}

Result<std::int64_t> Db::QueryInt(std::string_view sql) {
  Result<Query> q = Prepare(sql);
  if (!q.ok()) return q.status();
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Internal(path_ + ": no row from: " + std::string(sql));
  return q->Int(0);
}

std::int64_t Db::LastInsertId() const { return sqlite3_last_insert_rowid(raw_); }
int Db::Changes() const { return sqlite3_changes(raw_); }

Status Db::Error(int rc, std::string_view what) const {
  std::string msg = path_ + ": " + std::string(what) + ": " + sqlite3_errmsg(raw_);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Busy(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Corrupt(msg + " (the file is damaged or is not a nianbao database)");
    case SQLITE_READONLY: return Status(Code::kReadOnly, msg);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN: return IoError(msg);
    case SQLITE_CONSTRAINT: return FailedPrecondition(msg);
    default: return Internal(msg);
  }
}

Result<Transaction> Transaction::Begin(Db& db) {
  NIANBAO_RETURN_IF_ERROR(db.RunCached("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->RunCached("ROLLBACK");
}

Status Transaction::Commit() {
  Status st = db_->RunCached("COMMIT");
  if (st.ok()) db_ = nullptr;
  return st;
}

}  // namespace nianbao::storage
