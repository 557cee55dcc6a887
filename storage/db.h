// Db, Stmt, Query and Transaction: the thin RAII layer over the SQLite C API that
// the rest of storage/ is written against. Nothing outside storage/ includes it.
//
// Ownership: a Db owns its sqlite3* and a cache of prepared statements (Stmt),
// each owning one sqlite3_stmt*. The cache is emptied before sqlite3_close, so
// close never fails with SQLITE_BUSY for an unfinalised statement.
// A Query is one use of a cached statement: it binds, steps and reads columns,
// and its destructor resets the statement and clears its bindings, so the next
// use starts clean whatever path this one left by. A Query must not outlive its Db.
// A Transaction rolls back in its destructor unless Commit() succeeded.
//
// Thread-safety: none. One Db is used by one thread at a time (storage::Store
// serialises its callers with a mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace nianbao::storage {

// Bytes bound as a BLOB (not TEXT).
struct BlobRef {
  const void* data;
  std::size_t size;
};

class Db;

// Owns one prepared statement. Created only by Db::Prepare.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* raw) : raw_(raw) {}
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* raw() const { return raw_; }

 private:
  sqlite3_stmt* raw_;
};

// One use of a Stmt. Bind errors are remembered and reported by the next Step/Run.
// Column readers take 0-based indexes; Bind takes 1-based parameter indexes.
class Query {
 public:
  Query(Db* db, sqlite3_stmt* stmt, std::string_view sql) : db_(db), stmt_(stmt), sql_(sql) {}
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();

  Query& Bind(int index, std::int64_t value);
  Query& Bind(int index, int value) { return Bind(index, std::int64_t{value}); }
  Query& Bind(int index, double value);
  Query& Bind(int index, std::string_view value);
  Query& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Query& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Query& Bind(int index, BlobRef value);
  Query& Bind(int index, std::nullptr_t);
  Query& Bind(int index, const std::optional<std::int64_t>& value);
  Query& Bind(int index, const std::optional<double>& value);
  Query& Bind(int index, const std::optional<std::string>& value);

  // true: a row is available to read; false: the statement is done.
  Result<bool> Step();
  // Steps to completion, ignoring any rows.
  Status Run();
  // Steps to completion, calling `read(*this)` on each row; the first error
  // ends it. The one row loop of storage/.
  template <typename Fn>
  Status ForEachRow(Fn&& read);
  // Every row, as `read(const Query&)` makes it, in order.
  template <typename T, typename Fn>
  Result<std::vector<T>> Collect(Fn&& read);

  bool IsNull(int col) const;
  std::int64_t Int(int col) const;
  double Real(int col) const;
  std::string Text(int col) const;  // "" for NULL
  std::string Blob(int col) const;  // the bytes, "" for NULL
  std::optional<std::int64_t> OptInt(int col) const;
  std::optional<double> OptReal(int col) const;
  std::optional<std::string> OptText(int col) const;

 private:
  void Remember(int rc, int index);

  Db* db_;
  sqlite3_stmt* stmt_;  // null once moved from
  std::string_view sql_;
  Status bind_status_;
};

// How a Db is opened. kReadOnly uses SQLITE_OPEN_READONLY: it can neither write
// nor checkpoint (see store.h for why that matters).
enum class DbMode { kWriter, kReadOnly };

class Db {
 public:
  // Opens (kWriter: creating if absent) the file at `path`.
  // Errors: kNotFound when a read-only open names a missing file; kIoError when
  // the file cannot be opened. Not-a-database is only noticed by the first query.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, DbMode mode);
  // Takes ownership of `raw`; use Open.
  Db(sqlite3* raw, std::string path, DbMode mode) : raw_(raw), path_(std::move(path)), mode_(mode) {}
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements that take no parameters (DDL, PRAGMA).
  Status Exec(std::string_view sql);
  // Prepare(sql) and Run() it: one parameterless statement, cached.
  Status RunCached(std::string_view sql);
  // A Query over the cached statement for `sql`, preparing it on first use.
  Result<Query> Prepare(std::string_view sql);
  // The single text or integer value of a one-row query, e.g. a PRAGMA.
  Result<std::string> QueryText(std::string_view sql);
  Result<std::int64_t> QueryInt(std::string_view sql);

  std::int64_t LastInsertId() const;
  int Changes() const;
  const std::string& path() const { return path_; }
  DbMode mode() const { return mode_; }

  // The Status for SQLite result code `rc`, naming the file, what was being done
  // and SQLite's own message. Codes: SQLITE_BUSY/LOCKED -> kBusy,
  // CORRUPT/NOTADB -> kCorrupt, READONLY -> kReadOnly, IOERR/FULL/CANTOPEN ->
  // kIoError, CONSTRAINT -> kFailedPrecondition, anything else -> kInternal.
  Status Error(int rc, std::string_view what) const;

 private:
  sqlite3* raw_;
  std::string path_;
  DbMode mode_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed.
// IMMEDIATE takes the write lock up front, so a transaction that reads and then
// writes (a claim) cannot fail half-way with SQLITE_BUSY.
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;  // null once committed or moved from
};

template <typename Fn>
Status Query::ForEachRow(Fn&& read) {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    read(static_cast<const Query&>(*this));
  }
}

template <typename T, typename Fn>
Result<std::vector<T>> Query::Collect(Fn&& read) {
  std::vector<T> out;
  NIANBAO_RETURN_IF_ERROR(ForEachRow([&](const Query& q) { out.push_back(read(q)); }));
  return out;
}

}  // namespace nianbao::storage
