// `nianbao run` as a real process: a loopback Hanweb column served by an
// HttpTestServer (hostnames mapped with [crawler] resolve), a real SQLite
// file, real signals, and an AF_UNIX datagram socket standing in for
// systemd's NOTIFY_SOCKET to observe READY=1, STATUS=, RELOADING=1,
// STOPPING=1 and WATCHDOG=1. Waits are bounded; nothing asserts on time.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "common/clock.h"
#include "storage/store.h"
#include "tests/app/process.h"
#include "tests/support/http_test_server.h"

namespace nianbao::app {
namespace {

namespace fs = std::filesystem;
using nianbao::testing::HttpTestServer;
using nianbao::testing::Request;
using nianbao::testing::Response;
using nianbao::testing::RouteOptions;
using Clock = std::chrono::steady_clock;

const std::string kHost = "nb.fixture.gov.cn";
const std::string kFixtures = NIANBAO_SOURCE_DIR "/tests/fixtures";
const std::string kSlowArticle = "/art/2023/1/17/art_1_2.html";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Record(const std::string& href, const std::string& title, const std::string& date) {
  return "<record><![CDATA[<li><a href='" + href + "' title='" + title + "' target='_blank'>" + title +
         "</a><span>" + date + "</span></li>]]></record>\n";
}

// A Hanweb JCMS column page listing three annual reports.
std::string ColumnPage() {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title>"
         "<script type=\"text/javascript\" src=\"/module/jslib/jpage/jpage.js\"></script></head><body>"
         "<div id=\"380000\"><script type=\"text/xml\"><datastore>\n<recordset>\n" +
         Record("/art/2022/1/20/art_1_1.html", "南岗区王岗镇 2021 年 政府信息公开工作年度报告", "2022-01-20") +
         Record(kSlowArticle, "木兰县柳河镇2022年政府信息公开工作年度报告", "2023-01-17") +
         Record("/art/2022/1/27/art_1_3.html", "南岗区企业和投资服务局2021年政府信息公开工作年度报告", "2022-01-27") +
         "</recordset></datastore></script></div>"
         "<script>$('#380000').jpage({ totalRecord:3, perPage:15, groupSize:3 });</script></body></html>";
}

// The datagram socket systemd would listen on.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof addr.sun_path);
    path_.copy(addr.sun_path, path_.size());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{0, 200000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

  // Reads messages until one satisfies `pred` (true) or `limit` passes (false).
  bool WaitFor(const std::function<bool(const std::string&)>& pred, std::chrono::seconds limit = std::chrono::seconds(15)) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) continue;
      std::string m(buf, static_cast<std::size_t>(n));
      messages_.push_back(m);
      if (pred(m)) return true;
    }
    return false;
  }
  bool WaitFor(const std::string& exact) {
    return WaitFor([&](const std::string& m) { return m == exact || m.rfind(exact + "\n", 0) == 0; });
  }
  bool WaitForStatus(const std::string& part) {
    return WaitFor([&](const std::string& m) { return m.rfind("STATUS=", 0) == 0 && m.find(part) != std::string::npos; });
  }
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

// `nianbao run` in the background, its output in a log file.
class Daemon {
 public:
  Daemon(const std::string& config, const std::string& log, const std::vector<std::string>& env) {
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      for (const char* name : {"JOURNAL_STREAM", "INVOCATION_ID", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"})
        ::unsetenv(name);
      for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
      const std::string exe = nianbao::testing::NianbaoExe();
      ::execl(exe.c_str(), exe.c_str(), "--config", config.c_str(), "run", static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~Daemon() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  void Signal(int sig) { REQUIRE(::kill(pid_, sig) == 0); }
  pid_t pid() const { return pid_; }
  bool Running() {
    if (exited_) return false;
    return ::waitpid(pid_, &status_, WNOHANG) == 0 || (exited_ = true, false);
  }
  // The exit status once it has exited within `limit`; -1 otherwise.
  int Wait(std::chrono::seconds limit = std::chrono::seconds(20)) {
    const auto deadline = Clock::now() + limit;
    while (!exited_ && Clock::now() < deadline) {
      if (::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
      else std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!exited_) return -1;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

class RunFixture {
 public:
  RunFixture() : dir_(fs::temp_directory_path() / ("nianbao_run_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_.Get(kHost, "/robots.txt", Response::Text("User-agent: *\nDisallow: /private/\n"));
    server_.Get(kHost, "/col/col1/index.html", Response::Html(ColumnPage()));
    server_.Get(kHost, "/art/2022/1/20/art_1_1.html", Response::Html(ReadFile(kFixtures + "/reports/000/hanweb.html")));
    RouteOptions slow;
    slow.delay_ms = 2000;
    server_.Get(kHost, kSlowArticle, Response::Html(ReadFile(kFixtures + "/reports/002/hanweb.html")), slow);
    server_.Get(kHost, "/art/2022/1/27/art_1_3.html", Response::Html(ReadFile(kFixtures + "/reports/003/hanweb.html")));
    server_.Add("*", "POST", "/hook", Response::Text("ok"));
  }
  ~RunFixture() {
    if (!std::getenv("KEEP")) fs::remove_all(dir_);
  }

  std::string File(const std::string& name) const { return (dir_ / name).string(); }

  // The configuration text; `extra_alerts` goes into [alerts].
  std::string ConfigText(const std::string& webhook, const std::string& extra_alerts = "") const {
    std::ostringstream t;
    t << "[storage]\npath = \"" << File("n.db") << "\"\n\n"
      << "[crawler]\nuser_agent = \"nianbao-test\"\nper_host_delay_ms = 10\ntimeout_s = 10\nretries = 1\n"
      << "respect_robots = true\nresolve = [\"" << kHost << ":" << server_.port() << ":127.0.0.1\"]\n\n"
      << "[schedule]\ninterval = \"1h\"\n\n"
      << "[alerts]\nwebhook = \"" << webhook << "\"\nmetrics_file = \"" << File("nianbao.prom") << "\"\n"
      << extra_alerts << "\n"
      << "[[source]]\nname = \"测试年报栏目\"\nurl = \"" << server_.Url(kHost, "/col/col1/index.html") << "\"\n"
      << "agencies = [\"南岗区王岗镇\", \"木兰县柳河镇\", \"南岗区企业和投资服务局\", \"从不发布镇\"]\n"
      << "first_year = 2021\n";
    return t.str();
  }
  void WriteConfig(const std::string& text) {
    std::ofstream(File("nianbao.toml"), std::ios::trunc) << text;
  }
  std::string Webhook() const { return server_.Url("127.0.0.1", "/hook"); }
  std::vector<std::string> Env(const NotifySocket& sock) const { return {"NOTIFY_SOCKET=" + sock.path()}; }
  std::string Log() const { return ReadFile(File("daemon.log")); }

  std::unique_ptr<storage::Store> ReadStore() {
    auto s = storage::Store::Open(File("n.db"), storage::OpenMode::kReadOnly, clock_);
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    return std::move(*s);
  }
  std::vector<std::string> PostKeys() const {
    std::vector<std::string> keys;
    for (const Request& r : server_.Requests())
      if (r.method == "POST") keys.push_back(r.Header("Idempotency-Key"));
    return keys;
  }
  bool SlowArticleInFlight() const {
    for (const Request& r : server_.RequestsTo(kHost))
      if (r.path == kSlowArticle && r.end_ms < 0) return true;
    return false;
  }

  fs::path dir_;
  HttpTestServer server_;
  SystemClock clock_;
};

TEST_CASE_FIXTURE(RunFixture, "SIGTERM mid-cycle and a restart lose nothing and send nothing twice") {
  WriteConfig(ConfigText(Webhook()));
  const std::string sock_path = "/tmp/nianbao-run-test." + std::to_string(::getpid()) + ".sock";
  {
    NotifySocket sock(sock_path);
    Daemon d(File("nianbao.toml"), File("daemon.log"), Env(sock));
    REQUIRE_MESSAGE(sock.WaitFor("READY=1"), Log());
    // Wait (bounded) until the slow article is being served, then stop.
    const auto deadline = Clock::now() + std::chrono::seconds(15);
    while (!SlowArticleInFlight() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE_MESSAGE(SlowArticleInFlight(), Log());
    d.Signal(SIGTERM);
    CHECK(sock.WaitFor("STOPPING=1"));
    CHECK_MESSAGE(d.Wait() == 0, Log());
    auto store = ReadStore();
    auto counts = store->CountDocumentsByState();
    REQUIRE(counts.ok());
    CHECK(counts->fetching == 0);  // the slow article went back to the queue
    CHECK(counts->pending >= 1);
  }
  // Restart: the cycle resumes and completes; alerts go out.
  for (int run = 0; run < 2; ++run) {
    NotifySocket sock(sock_path);
    Daemon d(File("nianbao.toml"), File("daemon.log"), Env(sock));
    REQUIRE_MESSAGE(sock.WaitFor("READY=1"), Log());
    REQUIRE_MESSAGE(sock.WaitForStatus("idle, next cycle at"), Log());
    REQUIRE_MESSAGE(sock.WaitForStatus("outbox:"), Log());  // the first delivery pass is over
    d.Signal(SIGTERM);
    CHECK_MESSAGE(d.Wait() == 0, Log());
  }
  auto store = ReadStore();
  auto counts = store->CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->fetching == 0);
  auto reports = store->ListReports(storage::ReportFilter{});
  REQUIRE(reports.ok());
  std::map<std::pair<std::string, int>, int> seen;
  for (const auto& r : *reports) ++seen[{r.agency, r.year}];
  CHECK(seen.size() == 3);
  for (const auto& [key, n] : seen) CHECK_MESSAGE(n == 1, key.first << " " << key.second);
  CHECK(seen.count({"南岗区王岗镇", 2021}) == 1);
  CHECK(seen.count({"木兰县柳河镇", 2022}) == 1);
  CHECK(seen.count({"南岗区企业和投资服务局", 2021}) == 1);

  // 从不发布镇 never publishes: its overdue years were alerted, each once.
  auto alerts = store->ListAlerts(true);
  REQUIRE(alerts.ok());
  int overdue_never = 0;
  for (const auto& a : *alerts) overdue_never += a.kind == "overdue" && a.agency == "从不发布镇";
  CHECK(overdue_never >= 4);  // 2021 .. the last year whose deadline has passed
  // Digests (the default): the source's first cycle is one summary in the
  // cycle's digest, naming each of those overdue years; no part went twice.
  std::vector<std::string> keys = PostKeys();
  std::set<std::string> unique(keys.begin(), keys.end());
  CHECK(!keys.empty());
  CHECK_MESSAGE(unique.size() == keys.size(), "a digest part was POSTed twice");
  std::string bodies;
  for (const Request& r : server_.Requests())
    if (r.method == "POST") bodies += r.body;
  for (const auto& a : *alerts)
    if (a.kind == "overdue" && a.agency == "从不发布镇")
      CHECK_MESSAGE(bodies.find("· 从不发布镇 " + std::to_string(a.year)) != std::string::npos, a.year);

  const std::string metrics = ReadFile(File("nianbao.prom"));
  CHECK(metrics.find("nianbao_documents{state=\"parsed\"}") != std::string::npos);
  CHECK(metrics.find("nianbao_reports{year=\"2021\"} 2") != std::string::npos);
  CHECK(metrics.find("nianbao_last_successful_cycle_timestamp_seconds") != std::string::npos);
  CHECK(metrics.find("nianbao_alerts_open{kind=\"overdue\"}") != std::string::npos);
}

TEST_CASE_FIXTURE(RunFixture, "SIGHUP applies a good configuration, keeps the old one on a bad one, and a second writer is refused") {
  // The webhook receiver is down (a port nobody listens on): crawling goes on.
  HttpTestServer gone;
  const std::string dead_hook = gone.Url("127.0.0.1", "/hook");
  gone.Stop();
  WriteConfig(ConfigText(dead_hook));
  NotifySocket sock("/tmp/nianbao-hup-test." + std::to_string(::getpid()) + ".sock");
  std::vector<std::string> env = Env(sock);
  env.push_back("WATCHDOG_USEC=400000");
  Daemon d(File("nianbao.toml"), File("daemon.log"), env);
  REQUIRE_MESSAGE(sock.WaitFor("READY=1"), Log());
  REQUIRE_MESSAGE(sock.WaitForStatus("idle, next cycle at"), Log());
  CHECK(sock.WaitFor("WATCHDOG=1"));

  // A second `nianbao run` on the same database is refused with exit 3.
  auto second = nianbao::testing::RunProcess(
      {nianbao::testing::NianbaoExe(), "--config", File("nianbao.toml"), "run"}, 20000);
  CHECK(second.exit_code == 3);
  CHECK(second.err == "nianbao run: the database is already in use by another writer (`nianbao run` or `nianbao crawl`): " +
                          File("n.db") + " is in use by another nianbao writer (pid " + std::to_string(d.pid()) +
                          ", lock " + File("n.db") + ".lock); stop it or use the read-only commands\n");

  // Good configuration: reloaded.
  WriteConfig(ConfigText(dead_hook, "reminder_interval = \"2d\"\n"));
  d.Signal(SIGHUP);
  CHECK(sock.WaitFor("RELOADING=1"));
  CHECK(sock.WaitForStatus("configuration reloaded"));
  CHECK(sock.WaitFor("READY=1"));

  // Bad configuration: an unknown key; the message names file and line; old config kept.
  WriteConfig(ConfigText(dead_hook, "no_such_key = 1\n"));
  d.Signal(SIGHUP);
  CHECK(sock.WaitFor("RELOADING=1"));
  std::string failed;
  CHECK(sock.WaitFor([&](const std::string& m) {
    if (m.rfind("STATUS=reload failed", 0) != 0) return false;
    failed = m;
    return true;
  }));
  CHECK(failed.find("nianbao.toml:") != std::string::npos);
  CHECK(failed.find("no_such_key") != std::string::npos);
  CHECK(sock.WaitFor("READY=1"));
  CHECK(d.Running());

  // The reports were stored although every alert delivery failed.
  {
    auto store = ReadStore();
    auto reports = store->ListReports(storage::ReportFilter{});
    REQUIRE(reports.ok());
    CHECK(reports->size() == 3);
  }
  CHECK(ReadFile(File("nianbao.prom")).find("nianbao_alert_deliveries_failed_total 0") == std::string::npos);
  CHECK(Log().find("failed (attempt 1)") != std::string::npos);

  d.Signal(SIGINT);
  CHECK(sock.WaitFor("STOPPING=1"));
  CHECK_MESSAGE(d.Wait() == 0, Log());
}

}  // namespace
}  // namespace nianbao::app
