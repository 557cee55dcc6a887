// The database schema and its forward migrations. The schema version lives in
// PRAGMA user_version; migration N takes a database from version N-1 to N inside
// one transaction, so a crash mid-migration leaves the previous version intact.
// Versions only move forward: a database written by a newer nianbao is refused.
#pragma once

#include "common/status.h"
#include "storage/db.h"

namespace nianbao::storage {

// The version this build writes and expects.
inline constexpr int kSchemaVersion = 6;
// The oldest version a read-only connection can still read without a writer
// migrating it first.
inline constexpr int kOldestReadableVersion = 1;

// The user_version of `db` (0 for a new, empty file).
Result<int> SchemaVersion(Db& db);

// Refuses, in one line naming the file, a database that some other
// application made: no schema version yet, but tables already there. Without
// it the first migration would fail on a clashing table and print its DDL.
// Errors: kCorrupt; any SQLite error (a file that is not SQLite: kCorrupt).
Status RefuseForeignDatabase(Db& db);

// Applies the migrations from the current version up to `target` (normally
// kSchemaVersion). Errors: kFailedPrecondition when the file is newer than this build;
// any SQLite error, with the migration's number in the message.
// REQUIRES: `db` is a writer and no transaction is open.
Status Migrate(Db& db, int target = kSchemaVersion);

}  // namespace nianbao::storage
