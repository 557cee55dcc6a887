// Opening a Store: creation and migration, refusal of bad files, the read-only
// mode and the single-writer lock.
#include "storage/store.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "storage/db.h"
#include "storage/schema.h"
#include "storage/writer_lock.h"
#include "tests/storage/store_fixture.h"

namespace nianbao::storage {
namespace {

using testing::kStart;
using testing::TempDir;

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Overwrites `len` bytes at `offset` with 0xA5, as a bad disk might.
void Clobber(const std::string& path, std::size_t offset, std::size_t len) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f << std::string(len, '\xA5');
}

std::string PragmaText(const std::string& path, const char* sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  std::string out(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

TEST_CASE("a writer creates the file, in WAL mode, at the current schema version") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("new.db");
  {
    auto store = Store::Open(path, OpenMode::kWriter, clock);
    REQUIRE_MESSAGE(store.ok(), store.status().ToString());
    CHECK((*store)->schema_version() == kSchemaVersion);
    CHECK(std::filesystem::exists(path + ".lock"));
  }
  CHECK(PragmaText(path, "PRAGMA journal_mode") == "wal");
  CHECK(PragmaText(path, "PRAGMA user_version") == std::to_string(kSchemaVersion));
}

TEST_CASE("an empty file is migrated from scratch") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("empty.db");
  WriteFile(path, "");
  auto store = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  CHECK((*store)->schema_version() == kSchemaVersion);
  auto id = (*store)->Enqueue(testing::NewDoc("http://a.test/1", DocKind::kList, 0, 0, 0));
  CHECK(id.ok());
}

TEST_CASE("a version-1 database is read as is and migrated by the next writer") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("v1.db");
  {
    auto db = Db::Open(path, DbMode::kWriter);
    REQUIRE(db.ok());
    REQUIRE(Migrate(**db, 1).ok());
    REQUIRE((*db)->Exec("INSERT INTO documents(url, kind, discovered_at) VALUES('http://a.test/x', 'list', 1)").ok());
  }
  {
    auto reader = Store::Open(path, OpenMode::kReadOnly, clock);
    REQUIRE_MESSAGE(reader.ok(), reader.status().ToString());
    CHECK((*reader)->schema_version() == 1);
    auto doc = (*reader)->FindDocument("http://a.test/x");
    REQUIRE(doc.ok());
    CHECK(doc->has_value());
  }
  auto writer = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_MESSAGE(writer.ok(), writer.status().ToString());
  CHECK((*writer)->schema_version() == kSchemaVersion);
  CHECK(PragmaText(path, "PRAGMA user_version") == std::to_string(kSchemaVersion));
  auto doc = (*writer)->FindDocument("http://a.test/x");
  REQUIRE(doc.ok());
  CHECK(doc->has_value());
  CHECK((*writer)->RaiseAlert("missing", "A", 2023, "d").ok());
}

TEST_CASE("migration 3 keeps the version count of old revised alerts as data") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("v2.db");
  {
    auto db = Db::Open(path, DbMode::kWriter);
    REQUIRE(db.ok());
    REQUIRE(Migrate(**db, 2).ok());
    REQUIRE((*db)->Exec("INSERT INTO alerts(kind, agency, year, detail, first_seen_at, last_seen_at, resolved_at) "
                        "VALUES('revised', 'A', 2023, '3 versions; 1 metrics changed: x', 1, 1, 1), "
                        "('revised', 'B', 2023, 'no count here', 1, 1, 1), "
                        "('late', 'A', 2023, '2023 report first seen 2024-03-01', 1, 1, 1)")
                .ok());
  }
  {
    auto reader = Store::Open(path, OpenMode::kReadOnly, clock);
    REQUIRE_MESSAGE(reader.ok(), reader.status().ToString());
    CHECK((*reader)->schema_version() == 2);
    auto alerts = (*reader)->ListAlerts(false);
    REQUIRE_MESSAGE(alerts.ok(), alerts.status().ToString());
    REQUIRE(alerts->size() == 3);
    for (const AlertRow& a : *alerts) CHECK(a.versions == 0);  // not migrated yet
  }
  auto writer = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_MESSAGE(writer.ok(), writer.status().ToString());
  CHECK(PragmaText(path, "PRAGMA user_version") == std::to_string(kSchemaVersion));
  auto alerts = (*writer)->ListAlerts(false);
  REQUIRE(alerts.ok());
  REQUIRE(alerts->size() == 3);
  std::map<std::string, int> versions;
  for (const AlertRow& a : *alerts) versions[a.kind + " " + a.agency] = a.versions;
  CHECK(versions["revised A"] == 3);
  CHECK(versions["revised B"] == 0);
  CHECK(versions["late A"] == 0);
  auto raised = (*writer)->RaiseAlert("revised", "A", 2024, "4 versions; text or layout only", 4);
  REQUIRE(raised.ok());
  alerts = (*writer)->ListAlerts(true);
  REQUIRE(alerts->size() == 1);
  CHECK(alerts->front().versions == 4);
}

TEST_CASE("a version-3 database keeps its documents, revisions and reports when migrated for the protocol cause") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("v2.db");
  {
    auto db = Db::Open(path, DbMode::kWriter);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA foreign_keys = ON").ok());
    REQUIRE(Migrate(**db, 3).ok());
    REQUIRE((*db)->Exec("INSERT INTO documents(id, url, kind, discovered_at) VALUES(1, 'http://a.test/l', 'list', 1);"
                        "INSERT INTO documents(id, url, kind, parent_id, state, error_kind, last_error, discovered_at) "
                        "VALUES(2, 'http://a.test/r', 'article', 1, 'failed', 'connect', 'cut', 1);"
                        "INSERT INTO revisions(document_id, content_hash, body_z, size, fetched_at, last_seen_at) "
                        "VALUES(2, 'h', x'00', 1, 1, 1);"
                        "INSERT INTO reports(agency, year, document_id, status, saved_at) VALUES('A', 2021, 2, 'parsed', 1)")
              .ok());
  }
  auto store = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  CHECK(PragmaText(path, "PRAGMA user_version") == std::to_string(kSchemaVersion));
  CHECK(PragmaText(path, "SELECT count(*) FROM revisions") == "1");
  CHECK(PragmaText(path, "SELECT count(*) FROM reports") == "1");
  CHECK(PragmaText(path, "SELECT parent_id || ' ' || error_kind || ' ' || last_error FROM documents WHERE id = 2") ==
        "1 connect cut");
  // url's UNIQUE, due, lease, kind, and schema 5's attachments-by-parent.
  CHECK(PragmaText(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'documents'") == "5");
  CHECK(PragmaText(path, "SELECT count(*) FROM pragma_foreign_key_check") == "0");
  REQUIRE((*store)->Fail(1, FailureRecord{ErrorKind::kProtocol, std::nullopt, "bad chunk", std::nullopt, false}).ok());
  auto doc = (*store)->FindDocument("http://a.test/l");
  REQUIRE(doc.ok());
  REQUIRE(doc->has_value());
  CHECK((*doc)->error_kind == ErrorKind::kProtocol);
  store->reset();
  // The other tables' foreign keys name the rebuilt table: deleting cascades.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  CHECK(sqlite3_exec(raw, "PRAGMA foreign_keys = ON; DELETE FROM documents WHERE id = 2", nullptr, nullptr, nullptr) ==
        SQLITE_OK);
  sqlite3_close(raw);
  CHECK(PragmaText(path, "SELECT count(*) FROM revisions") == "0");
  CHECK(PragmaText(path, "SELECT count(*) FROM reports") == "0");
}

TEST_CASE("a database from a newer nianbao is refused") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("future.db");
  {
    auto db = Db::Open(path, DbMode::kWriter);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA user_version = 999").ok());
  }
  auto store = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Code::kFailedPrecondition);
  CHECK(store.status().message().find("upgrade nianbao") != std::string::npos);
}

TEST_CASE("a file that is not SQLite gives kCorrupt naming the file") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("notes.txt");
  std::string text;
  for (int i = 0; i < 200; ++i) text += "this is a text file, not a database\n";
  WriteFile(path, text);
  for (OpenMode mode : {OpenMode::kWriter, OpenMode::kReadOnly}) {
    auto store = Store::Open(path, mode, clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == Code::kCorrupt);
    CHECK(store.status().message().find(path) != std::string::npos);
  }
}

TEST_CASE("a damaged database gives kCorrupt") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("damaged.db");
  {
    auto store = Store::Open(path, OpenMode::kWriter, clock);
    REQUIRE(store.ok());
    std::vector<NewDocument> docs;
    for (int i = 0; i < 1000; ++i) docs.push_back(testing::NewDoc("http://a.test/" + std::to_string(i), DocKind::kArticle, 0, 0, 0));
    REQUIRE((*store)->EnqueueMany(docs).ok());
    REQUIRE((*store)->Checkpoint().ok());
  }
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  auto size = std::filesystem::file_size(path);
  REQUIRE(size > 8 * 4096);
  SUBCASE("pages in the middle") { Clobber(path, 4 * 4096, 3 * 4096); }
  SUBCASE("the header") { Clobber(path, 0, 100); }
  auto store = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Code::kCorrupt);
  CHECK(store.status().message().find(path) != std::string::npos);
}

TEST_CASE("a read-only open of a missing file is kNotFound and creates nothing") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("absent.db");
  auto store = Store::Open(path, OpenMode::kReadOnly, clock);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Code::kNotFound);
  CHECK(store.status().message().find(path) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a read-only open of a file with no schema says to run a writer") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("blank.db");
  WriteFile(path, "");
  auto store = Store::Open(path, OpenMode::kReadOnly, clock);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Code::kNotFound);
  CHECK(store.status().message().find("nianbao crawl") != std::string::npos);
}

TEST_CASE("a database of another application is refused in one line naming the file") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("other.db");
  {
    auto db = Db::Open(path, DbMode::kWriter);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("CREATE TABLE documents(id INTEGER PRIMARY KEY, title TEXT)").ok());
    REQUIRE((*db)->Exec("INSERT INTO documents(title) VALUES('theirs')").ok());
  }
  for (OpenMode mode : {OpenMode::kWriter, OpenMode::kReadOnly}) {
    auto store = Store::Open(path, mode, clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == Code::kCorrupt);
    CHECK(store.status().message() ==
          path + ": not a nianbao database (it has tables but no nianbao schema version)");
  }
  // Nothing was added to the other application's file.
  CHECK(PragmaText(path, "SELECT group_concat(name) FROM sqlite_schema") == "documents");
  CHECK(PragmaText(path, "PRAGMA user_version") == "0");
}

TEST_CASE_FIXTURE(testing::StoreFixture, "a reader sees the writer's commits and cannot write") {
  std::int64_t id = Add("http://a.test/list", DocKind::kList);
  auto opened = Store::Open(Path(), OpenMode::kReadOnly, clock_);
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  Store& reader = **opened;
  CHECK(reader.mode() == OpenMode::kReadOnly);

  auto counts = reader.CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->pending == 1);

  Fetch(id, "<html>list</html>");
  auto doc = reader.GetDocument(id);
  REQUIRE(doc.ok());
  REQUIRE(doc->has_value());
  CHECK((*doc)->state == DocState::kFetched);
  auto rev = reader.LatestRevision(id);
  REQUIRE(rev.ok());
  REQUIRE(rev->has_value());
  CHECK((*rev)->body == "<html>list</html>");

  auto enq = reader.Enqueue(testing::NewDoc("http://a.test/2", DocKind::kArticle, 0, 0, 0));
  REQUIRE_FALSE(enq.ok());
  CHECK(enq.status().code() == Code::kReadOnly);
  CHECK(reader.RaiseAlert("missing", "A", 2023, "").status().code() == Code::kReadOnly);
  CHECK(reader.Checkpoint().code() == Code::kReadOnly);
  // The writer is not disturbed by the open reader.
  CHECK(store().Enqueue(testing::NewDoc("http://a.test/3", DocKind::kArticle, 0, 0, 0)).ok());
  CHECK(reader.IntegrityCheck().ok());
}

TEST_CASE_FIXTURE(testing::StoreFixture, "a reader opens a WAL database after the writer has gone") {
  std::int64_t id = Add("http://a.test/list", DocKind::kList);
  Fetch(id, "<html>list</html>");
  store_.reset();
  auto opened = Store::Open(Path(), OpenMode::kReadOnly, clock_);
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  auto rev = (*opened)->LatestRevision(id);
  REQUIRE(rev.ok());
  REQUIRE(rev->has_value());
  CHECK((*rev)->body == "<html>list</html>");
  // And a writer may start while the reader is open.
  Reopen();
  CHECK(store().Enqueue(testing::NewDoc("http://a.test/4", DocKind::kArticle)).ok());
  CHECK((*opened)->FindDocument("http://a.test/4")->has_value());
}

TEST_CASE_FIXTURE(testing::StoreFixture, "a second writer is refused with kBusy naming the holder") {
  auto second = Store::Open(Path(), OpenMode::kWriter, clock_);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Code::kBusy);
  CHECK(second.status().message().find(Path()) != std::string::npos);
  CHECK(second.status().message().find("pid " + std::to_string(::getpid())) != std::string::npos);
  // Readers are still welcome.
  CHECK(Store::Open(Path(), OpenMode::kReadOnly, clock_).ok());
  // Once the writer closes, the next one gets in.
  store_.reset();
  CHECK(Store::Open(Path(), OpenMode::kWriter, clock_).ok());
}

TEST_CASE_FIXTURE(testing::StoreFixture, "ProbeWriter sees the writer and its pid, and nothing once it closes") {
  WriterState held = ProbeWriter(Path());
  CHECK(held.running);
  CHECK(held.pid == static_cast<long>(::getpid()));
  store_.reset();
  WriterState gone = ProbeWriter(Path());
  CHECK_FALSE(gone.running);
  CHECK_FALSE(gone.pid.has_value());
  // The probe does not take the lock: a writer still gets in.
  CHECK(Store::Open(Path(), OpenMode::kWriter, clock_).ok());
}

TEST_CASE("ProbeWriter on a database never written creates no lock file") {
  TempDir dir;
  const std::string path = dir.File("never.db");
  CHECK_FALSE(ProbeWriter(path).running);
  CHECK_FALSE(std::filesystem::exists(path + ".lock"));
}

TEST_CASE("a writer in another process is named by pid, and its death frees the file") {
  TempDir dir;
  ManualClock clock(kStart);
  std::string path = dir.File("shared.db");
  int ready[2], hold[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(hold) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The child holds the writer until the parent closes `hold`.
    ::close(ready[0]);
    ::close(hold[1]);
    auto store = Store::Open(path, OpenMode::kWriter, clock);
    char c = store.ok() ? 'y' : 'n';
    if (::write(ready[1], &c, 1) != 1) _exit(3);
    char sink;
    while (::read(hold[0], &sink, 1) > 0) {
    }
    _exit(store.ok() ? 0 : 1);
  }
  ::close(ready[1]);
  ::close(hold[0]);
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  ::close(ready[0]);
  CHECK(c == 'y');
  auto second = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Code::kBusy);
  CHECK(second.status().message().find("pid " + std::to_string(pid)) != std::string::npos);
  CHECK(Store::Open(path, OpenMode::kReadOnly, clock).ok());
  CHECK(ProbeWriter(path).pid == static_cast<long>(pid));

  ::kill(pid, SIGKILL);  // no clean shutdown: the kernel drops the flock
  ::close(hold[1]);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK_FALSE(ProbeWriter(path).running);
  auto after = Store::Open(path, OpenMode::kWriter, clock);
  CHECK_MESSAGE(after.ok(), after.status().ToString());
}

}  // namespace
}  // namespace nianbao::storage
