// Exit statuses of the shipped executable when the database, not the
// command line, is at fault: a newer schema, a violated constraint and a
// state-machine step out of order are runtime failures (3), never usage (2);
// an interrupted crawl exits 130. Messages are asserted verbatim.
#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "storage/schema.h"
#include "storage/store.h"
#include "tests/app/process.h"
#include "tests/storage/temp_dir.h"
#include "tests/support/http_test_server.h"

namespace nianbao::testing {
namespace {

constexpr char kHost[] = "exit.test";

// A nianbao database at `path` (current schema), then `sql` run on it
// behind nianbao's back, as a damaged or foreign file would be.
void MakeDatabase(const std::string& path, const std::string& sql) {
  {
    auto store = storage::Store::Open(path, storage::OpenMode::kWriter, SystemClock::Instance());
    REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string why = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE_MESSAGE(rc == SQLITE_OK, why);
}

class ExitFixture {
 public:
  ExitFixture() {
    REQUIRE(dir_.ok());
    REQUIRE(server_.status().ok());
    server_.Get(kHost, "/robots.txt", Response::Text("User-agent: *\nAllow: /\n"));
    server_.Get(kHost, "/col/index.html", Response::Html("<html><body><ul><li>nothing yet</li></ul></body></html>"));
    std::ofstream(config()) << "[storage]\npath = \"" << db() << "\"\n"
                            << "[crawler]\nretries = 0\ntimeout_s = 5\nper_host_delay_ms = 0\n"
                            << "resolve = [\"" << kHost << ":" << server_.port() << ":127.0.0.1\"]\n"
                            << "[[source]]\nname = \"甲县年报\"\nurl = \"" << SeedUrl() << "\"\n"
                            << "agency = \"甲县甲镇\"\nfirst_year = 2020\n";
  }

  std::string db() const { return dir_.File("n.db"); }
  std::string config() const { return dir_.File("n.toml"); }
  std::string SeedUrl() const { return server_.Url(kHost, "/col/index.html"); }

  ProcessResult Run(std::vector<std::string> args, const std::function<void(int)>& started = {}) const {
    std::vector<std::string> argv{NianbaoExe(), "-q", "--config", config()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, 60000, {"TZ=CST-8", "NO_COLOR=1"}, started);
  }

  storage::testing::TempDir dir_;
  HttpTestServer server_;
};

}  // namespace

TEST_CASE_FIXTURE(ExitFixture, "a database of a newer schema exits 3 for readers and writers") {
  MakeDatabase(db(), "PRAGMA user_version = 999");
  auto status = Run({"status"});
  CHECK(status.exit_code == 3);
  CHECK(status.out.empty());
  CHECK(status.err == "nianbao: " + db() +
                          ": schema version 999 is newer than this nianbao understands; upgrade nianbao\n");
  auto retry = Run({"retry"});
  CHECK(retry.exit_code == 3);
  CHECK(retry.err == "nianbao: " + db() + ": schema version 999 is newer than this nianbao understands (" +
                         std::to_string(storage::kSchemaVersion) + "); upgrade nianbao\n");
  auto crawl = Run({"crawl"});
  CHECK(crawl.exit_code == 3);
  CHECK(crawl.err == retry.err);
}

TEST_CASE_FIXTURE(ExitFixture, "a constraint the database enforces exits 3 with SQLite's reason") {
  MakeDatabase(db(), "CREATE TRIGGER frozen BEFORE INSERT ON sources BEGIN SELECT RAISE(ABORT, 'sources are frozen'); END");
  auto crawl = Run({"crawl"});
  CHECK(crawl.exit_code == 3);
  CHECK(crawl.err == "nianbao: source 甲县年报: " + db() +
                         ": running: INSERT INTO sources(name, url, first_year, created_at) VALUES(?1, ?2, ?3, ?4) "
                         "ON CONFLICT(name) DO UPDATE SET url = excluded.url, first_year = excluded.first_year "
                         "RETURNING id: sources are frozen\n");
  CHECK(server_.Requests().empty());  // refused before anything was fetched
}

TEST_CASE_FIXTURE(ExitFixture, "a document state step out of order exits 3 naming the document") {
  // Every claim is undone behind the crawler's back, so the fetched seed is
  // no longer being fetched when its result is recorded.
  MakeDatabase(db(),
               "CREATE TRIGGER unclaim AFTER UPDATE OF state ON documents WHEN NEW.state = 'fetching' "
               "BEGIN UPDATE documents SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE id = NEW.id; END");
  auto crawl = Run({"crawl"});
  CHECK(crawl.exit_code == 3);
  CHECK(crawl.err == "nianbao: " + SeedUrl() + ": " + db() +
                         ": document 1: CompleteFetch while pending (it must be claimed first)\n");
}

TEST_CASE_FIXTURE(ExitFixture, "a crawl interrupted by SIGINT exits 130 and leaves its documents queued") {
  std::atomic<int> child{0};
  // The signal goes out when the seed's request has arrived, and its body
  // then trickles for half a minute, so the crawl is certainly mid-transfer
  // when the signal lands: no guessing at timings.
  RouteOptions slow;
  slow.slow_chunk_bytes = 1;
  slow.slow_interval_ms = 1000;
  server_.Get(
      kHost, "/col/index.html",
      [&](const Request&) {
        if (int pid = child.load(); pid > 0) ::kill(pid, SIGINT);
        return Response::Html("<html><body>late, very late</body></html>");
      },
      slow);
  auto crawl = Run({"crawl"}, [&](int pid) { child = pid; });
  CHECK_FALSE(crawl.timed_out);
  CHECK(crawl.exit_code == 130);
  auto status = Run({"--json", "status"});
  REQUIRE(status.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(status.out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["documents"]["fetching"] == 0);
  CHECK(j["documents"]["pending"] == 1);  // the seed waits for the next crawl
}

}  // namespace nianbao::testing
