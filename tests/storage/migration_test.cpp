// Migrations 5 and 6 on a database that an earlier nianbao wrote: the committed
// schema-4 file tests/fixtures/storage/v4.db (see the README there for how
// it was made), opened by this build's writer.
#include "storage/schema.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>

#include "storage/store.h"
#include "tests/storage/store_fixture.h"

namespace nianbao::storage {
namespace {

using testing::kStart;
using testing::TempDir;

const std::string kV4 = NIANBAO_SOURCE_DIR "/tests/fixtures/storage/v4.db";

// One integer from `sql` over a read-only connection.
std::int64_t QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK, sql);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  std::int64_t v = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return v;
}

// The counts in tests/fixtures/storage/README.md, taken with sqlite3 from the file.
const std::map<std::string, std::int64_t> kRows = {
    {"sources", 1},   {"agencies", 2}, {"documents", 6},       {"revisions", 6},      {"cycles", 1},
    {"reports", 3},   {"alerts", 0},   {"report_metrics", 200}, {"report_checks", 70},
};

TEST_CASE("this build (schema 5, then 6) opens a schema-4 database and keeps every row") {
  TempDir dir;
  REQUIRE(dir.ok());
  const std::string path = dir.File("v4.db");
  std::filesystem::copy_file(kV4, path);
  REQUIRE(QueryInt(path, "PRAGMA user_version") == 4);
  for (const auto& [table, n] : kRows) CHECK_MESSAGE(QueryInt(path, "SELECT count(*) FROM " + table) == n, table);

  ManualClock clock(kStart);
  {
    auto store = Store::Open(path, OpenMode::kWriter, clock);
    REQUIRE_MESSAGE(store.ok(), store.status().ToString());
    CHECK((*store)->schema_version() == kSchemaVersion);
    auto reports = (*store)->ListReports(ReportFilter{});
    REQUIRE(reports.ok());
    REQUIRE(reports->size() == 3);
    for (const ReportSummary& r : *reports) {
      CHECK(r.reader_version == 1);  // read by the pages-only readers
      CHECK(r.document.empty());     // not recorded before schema 5
    }
    // The new causes are admitted in the rebuilt documents table.
    auto doc = (*store)->FindDocument(
        "http://www.mulan-fixture.gov.cn/module/download/downfile.jsp?classid=0&filename=liuhe_2023.rar&showname=report.pdf");
    REQUIRE(doc.ok());
    REQUIRE(doc->has_value());
    CHECK((*store)->Fail((*doc)->id, FailureRecord{ErrorKind::kUnsupported, std::nullopt, "rar", std::nullopt, false}).ok());
    CHECK((*store)->Fail((*doc)->id, FailureRecord{ErrorKind::kEncrypted, std::nullopt, "pw", std::nullopt, false}).ok());
    CHECK((*store)->Fail((*doc)->id, FailureRecord{ErrorKind::kBroken, std::nullopt, "bad", std::nullopt, false}).ok());
  }
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  // Version 6: the digest and rate-limit tables, empty.
  CHECK(QueryInt(path, "SELECT count(*) FROM digest_parts") == 0);
  CHECK(QueryInt(path, "SELECT count(*) FROM channel_sends") == 0);
  for (const auto& [table, n] : kRows) CHECK_MESSAGE(QueryInt(path, "SELECT count(*) FROM " + table) == n, table);
  CHECK(QueryInt(path, "SELECT count(*) FROM reports WHERE reader_version = 1 AND document IS NULL") == 3);
  CHECK(QueryInt(path, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
  // Revisions and reports still point at their documents (no cascade on the rebuild).
  CHECK(QueryInt(path, "SELECT count(*) FROM revisions v JOIN documents d ON d.id = v.document_id") == 6);
  CHECK(QueryInt(path, "SELECT count(*) FROM reports r JOIN documents d ON d.id = r.document_id") == 3);
}

TEST_CASE("a re-reading by a newer reader is a version of its own, the same reader replaces it") {
  TempDir dir;
  REQUIRE(dir.ok());
  const std::string path = dir.File("v4.db");
  std::filesystem::copy_file(kV4, path);
  ManualClock clock(kStart);
  auto store = Store::Open(path, OpenMode::kWriter, clock);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  auto old = (*store)->GetReport("南岗区王岗镇", 2021);
  REQUIRE(old.ok());
  REQUIRE(old->has_value());
  StoredReport again = **old;
  again.reader_version = 2;
  again.document = "html";
  REQUIRE((*store)->SaveReport(again).ok());
  REQUIRE((*store)->SaveReport(again).ok());
  auto versions = (*store)->ListReportVersions("南岗区王岗镇", 2021);
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == 2);
  CHECK((*versions)[0].reader_version == 1);
  CHECK((*versions)[1].reader_version == 2);
  CHECK((*versions)[1].document == "html");
  auto current = (*store)->ReportOfDocument((**old).document_id);
  REQUIRE(current.ok());
  REQUIRE(current->has_value());
  CHECK((*current)->id == (*versions)[1].id);
}

}  // namespace
}  // namespace nianbao::storage
