// Digests end to end: `nianbao crawl` (the real executable) over a generated
// loopback Hanweb column of 40 agencies × 5 years with about 120 alerts to
// raise, posting to loopback robots. Shows the bar: the first crawl
// sends at most 10 DingTalk messages, each within 20,000 bytes, at most 20 in
// any minute, together naming every overdue (agency, year) that `missing`
// lists; an unchanged second crawl sends nothing; a route by source takes its
// source's alerts only. Then kill -9 at random points of a delivery batch:
// every stored part is delivered, a re-sent part byte for byte the same.
// The site is generated here (Column, Article); report pages are
// tests/fixtures/reports/000/hanweb.html with their date set per report.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/app/process.h"
#include "tests/support/http_test_server.h"

namespace nianbao::app {
namespace {

namespace fs = std::filesystem;
using nianbao::testing::HttpTestServer;
using nianbao::testing::Request;
using nianbao::testing::Response;
using Json = nlohmann::json;

const std::string kHost = "digest.fixture.gov.cn";
const std::string kDistrictHost = "district.fixture.gov.cn";
const std::string kSource = "示范县政府信息公开年报";
const std::string kDistrictSource = "新区政府信息公开年报";
constexpr int kFirstYear = 2021;
constexpr int kLastYear = 2025;  // the last year due when this was written (2026-12); later years add pending ones only

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// 40 agencies: 示范县 + {东,西,南,北,中} + {山,水,林,田,桥,河,湖,岭} + 镇.
std::vector<std::string> Agencies(const std::string& county, int n) {
  static const char* kA[] = {"东", "西", "南", "北", "中"};
  static const char* kB[] = {"山", "水", "林", "田", "桥", "河", "湖", "岭"};
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(county + kA[i / 8 % 5] + kB[i % 8] + "镇");
  return out;
}

// Whether agency i published year y, and whether its page is dated after the deadline.
bool Publishes(int i, int y, bool all) { return all || (i + y) % 7 != 0; }
bool DatedLate(int i, int y) { return (3 * i + y) % 2 == 0; }

struct Site {
  std::string host;
  std::vector<std::string> agencies;
  bool all_published = false;  // set later: the missing reports appear
};

std::string Record(const std::string& href, const std::string& title, const std::string& date) {
  return "<record><![CDATA[<li><a href='" + href + "' title='" + title + "' target='_blank'>" + title +
         "</a><span>" + date + "</span></li>]]></record>\n";
}

std::string Date(int i, int y) { return DatedLate(i, y) ? fmt::format("{}-03-15", y + 1) : fmt::format("{}-01-20", y + 1); }
std::string ArticlePath(int i, int y) { return fmt::format("/art/{}/1/20/art_1_{}.html", y + 1, i * 10 + y - kFirstYear); }

// A Hanweb column listing every published report inline.
std::string Column(const Site& s) {
  std::string records;
  int n = 0;
  for (int y = kLastYear; y >= kFirstYear; --y)
    for (int i = 0; i < static_cast<int>(s.agencies.size()); ++i) {
      if (!Publishes(i, y, s.all_published)) continue;
      records += Record(ArticlePath(i, y), fmt::format("{}{}年政府信息公开工作年度报告", s.agencies[i], y), Date(i, y));
      ++n;
    }
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title>"
         "<script type=\"text/javascript\" src=\"/module/jslib/jpage/jpage.js\"></script></head><body>"
         "<div id=\"380000\"><script type=\"text/xml\"><datastore>\n<recordset>\n" +
         records + "</recordset></datastore></script></div><script>$('#380000').jpage({ totalRecord:" +
         std::to_string(n) + ", perPage:" + std::to_string(n) + ", groupSize:3 });</script></body></html>";
}

class DigestCrawlFixture {
 public:
  DigestCrawlFixture() : dir_(fs::temp_directory_path() / ("nianbao_digest_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    REQUIRE(server_.status().ok());
    page_ = ReadFile(NIANBAO_SOURCE_DIR "/tests/fixtures/reports/000/hanweb.html");
    sites_.push_back(Site{kHost, Agencies("示范县", 40)});
    sites_.push_back(Site{kDistrictHost, Agencies("新区", 3)});
    for (Site& s : sites_) Serve(s);
    server_.Add("*", "POST", "/robot", Response::Text("{\"errcode\":0,\"errmsg\":\"ok\"}"));
    server_.Add("*", "POST", "/district", Response::Text("{\"errcode\":0,\"errmsg\":\"ok\"}"));
  }
  ~DigestCrawlFixture() {
    if (!std::getenv("KEEP")) fs::remove_all(dir_);
  }

  void Serve(Site& site) {
    server_.Add(site.host, "GET", "/col/col1/index.html", [&site](const Request&) { return Response::Html(Column(site)); });
    for (int i = 0; i < static_cast<int>(site.agencies.size()); ++i)
      for (int y = kFirstYear; y <= kLastYear; ++y) {
        std::string body = page_;
        for (std::size_t at = body.find("2022-01-20"); at != std::string::npos; at = body.find("2022-01-20", at + 10))
          body.replace(at, 10, Date(i, y));
        body += "<!-- " + site.agencies[i] + " " + std::to_string(y) + " -->";
        server_.Get(site.host, ArticlePath(i, y), Response::Html(body));
      }
  }

  // [alerts] holds `alerts`; the district's source is routed to /district.
  std::string WriteConfig(const std::string& alerts) {
    std::ostringstream t;
    t << "[storage]\npath = \"" << Db() << "\"\n\n"
      << "[crawler]\nuser_agent = \"nianbao-digest-test\"\nper_host_delay_ms = 0\nper_host_connections = 4\n"
      << "timeout_s = 10\nretries = 1\nallow_private = true\nresolve = [\"" << kHost << ":" << server_.port()
      << ":127.0.0.1\", \"" << kDistrictHost << ":" << server_.port() << ":127.0.0.1\"]\n\n"
      << "[alerts]\n" << alerts << "\n"
      << "[[alerts.route]]\nname = \"district\"\nsources = [\"" << kDistrictSource << "\"]\nwebhook = \""
      << server_.Url("127.0.0.1", "/district") << "\"\nwebhook_format = \"dingtalk\"\n\n";
    for (const Site& s : sites_) {
      t << "[[source]]\nname = \"" << (s.host == kHost ? kSource : kDistrictSource) << "\"\nurl = \""
        << server_.Url(s.host, "/col/col1/index.html") << "\"\nagencies = [";
      for (std::size_t i = 0; i < s.agencies.size(); ++i) t << (i ? ", " : "") << "\"" << s.agencies[i] << "\"";
      t << "]\nfirst_year = " << kFirstYear << "\n\n";
    }
    const std::string path = (dir_ / "nianbao.toml").string();
    std::ofstream(path, std::ios::trunc) << t.str();
    return path;
  }
  std::string Db() const { return (dir_ / "n.db").string(); }

  testing::ProcessResult Nianbao(const std::string& config, std::vector<std::string> args, int timeout_ms = 120000,
                                 const std::function<void(int)>& started = {}) {
    std::vector<std::string> argv{testing::NianbaoExe(), "--config", config, "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunProcess(argv, timeout_ms, {}, started);
  }
  std::vector<Request> Posts(const std::string& path) const {
    std::vector<Request> out;
    for (const Request& r : server_.Requests())
      if (r.method == "POST" && r.path == path) out.push_back(r);
    return out;
  }

  fs::path dir_;
  HttpTestServer server_;
  std::string page_;
  std::vector<Site> sites_;
};

std::string Content(const Request& r) { return Json::parse(r.body)["text"]["content"]; }

TEST_CASE_FIXTURE(DigestCrawlFixture, "a first crawl of ~120 alerts is a few DingTalk digests naming every overdue, "
                                      "an unchanged crawl sends nothing, a route takes its source's") {
  const std::string config =
      WriteConfig("webhook = \"" + server_.Url("127.0.0.1", "/robot") + "\"\nwebhook_format = \"dingtalk\"\n");
  testing::ProcessResult first = Nianbao(config, {"crawl"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  REQUIRE(server_.WaitForIdle());

  const Json alerts = Json::parse(Nianbao(config, {"--json", "alerts"}).out);
  std::set<std::pair<std::string, int>> overdue;
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    const Json missing = Json::parse(Nianbao(config, {"--json", "missing", "--year", std::to_string(y)}).out);
    for (const Json& m : missing)
      if (m["overdue"] == true) overdue.insert({m["agency"].get<std::string>(), m["year"].get<int>()});
  }
  MESSAGE(alerts.size() << " alerts, " << overdue.size() << " overdue");
  CHECK(alerts.size() >= 100);
  CHECK(overdue.size() >= 25);

  const std::vector<Request> robot = Posts("/robot");
  CHECK(!robot.empty());
  CHECK(robot.size() <= 10);
  std::string text;
  for (const Request& r : robot) {
    CHECK(r.body.size() <= 20000);
    CHECK(r.end_ms - robot.front().start_ms < 60000);  // all within one minute: at most 20 is the bar
    text += Content(r);
  }
  CHECK(robot.size() <= 20);
  for (const auto& [agency, year] : overdue) {
    const std::string line = fmt::format("· {} {}", agency, year);
    if (agency.rfind("示范县", 0) == 0) CHECK_MESSAGE(text.find(line) != std::string::npos, line);
    else CHECK_MESSAGE(text.find(line) == std::string::npos, line << " went to the default robot");
  }
  CHECK(text.find("【首次抓取】" + kSource) != std::string::npos);
  CHECK(text.find(kDistrictSource) == std::string::npos);

  // The route: the district's source alone, in its own digest.
  const std::vector<Request> district = Posts("/district");
  REQUIRE(district.size() == 1);
  const std::string d = Content(district[0]);
  CHECK(d.find("【首次抓取】" + kDistrictSource) != std::string::npos);
  CHECK(d.find("示范县") == std::string::npos);

  // Unchanged: nothing at all.
  server_.Clear();
  testing::ProcessResult second = Nianbao(config, {"crawl"});
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  REQUIRE(server_.WaitForIdle());
  CHECK(Posts("/robot").empty());
  CHECK(Posts("/district").empty());
}

// kill -9 during a batch of JSON digest parts (max_alerts = 1: one part per
// alert), either while a POST is in flight (the handler kills the crawl before
// answering) or a few ms after an answer, then crawls until nothing is due.
TEST_CASE_FIXTURE(DigestCrawlFixture, "kill -9 at random points of a delivery batch: every part delivered, "
                                      "a re-send byte for byte the same") {
  const int kKills = std::getenv("NIANBAO_DIGEST_KILLS") ? std::atoi(std::getenv("NIANBAO_DIGEST_KILLS")) : 3;
  std::atomic<int> pid{0}, kill_at{-1}, posts{0};
  std::atomic<bool> in_flight_kill{false};
  testing::RouteOptions slow;
  slow.delay_ms = 20;
  server_.Add("*", "POST", "/json", [&](const Request&) {
    const int n = posts.fetch_add(1) + 1;
    if (n == kill_at.load() && pid.load() > 0) {
      if (in_flight_kill) {
        ::kill(pid.load(), SIGKILL);
      } else {
        std::thread([&, p = pid.load()] {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          ::kill(p, SIGKILL);
        }).detach();
      }
    }
    return Response::Text("ok");
  }, slow);
  const std::string config = WriteConfig("webhook = \"" + server_.Url("127.0.0.1", "/json") + "\"\nmax_alerts = 1\n");
  REQUIRE(Nianbao(config, {"crawl"}).exit_code == 0);  // the first crawl: a summary per channel
  // The missing reports appear: their overdue alerts resolve, this year's late ones are raised.
  for (Site& s : sites_) s.all_published = true;
  std::mt19937 rng(20261204u);
  int kills = 0;
  for (int round = 0; round < kKills + 3; ++round) {
    const bool kill = round < kKills;
    posts = 0;
    kill_at = kill ? std::uniform_int_distribution<int>(1, 6)(rng) : -1;
    in_flight_kill = kill && round % 2 == 0;
    testing::ProcessResult r = Nianbao(config, {"crawl"}, 120000, [&](int p) { pid = p; });
    pid = 0;
    server_.WaitForIdle();
    if (r.exit_code == 128 + SIGKILL) ++kills;
    else REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }
  CHECK(kills >= 1);
  std::map<std::string, std::vector<std::string>> by_key;
  for (const Request& r : Posts("/json")) by_key[r.Header("Idempotency-Key")].push_back(r.body);
  int resent = 0;
  std::set<std::pair<int, int>> parts;  // (cycle, part)
  for (const auto& [key, bodies] : by_key) {
    CHECK(key.rfind("digest:", 0) == 0);
    for (const std::string& b : bodies) CHECK_MESSAGE(b == bodies.front(), key << " re-sent with other bytes");
    resent += bodies.size() > 1;
    const Json j = Json::parse(bodies.front());
    CHECK(j["alerts"].size() == 1);
    parts.insert({j["cycle"].get<int>(), j["part"].get<int>()});
    CHECK(j["parts"] >= j["part"]);
  }
  // Every part of every digest arrived: for each cycle, parts 1..parts.
  std::map<int, int> parts_of;
  for (const auto& [key, bodies] : by_key) {
    const Json j = Json::parse(bodies.front());
    parts_of[j["cycle"].get<int>()] = std::max(parts_of[j["cycle"].get<int>()], j["parts"].get<int>());
  }
  std::size_t expected = 0;
  for (const auto& [cycle, n] : parts_of) {
    expected += n;
    for (int p = 1; p <= n; ++p) CHECK_MESSAGE(parts.count({cycle, p}) == 1, "cycle " << cycle << " part " << p);
  }
  CHECK(parts.size() == expected);
  CHECK(resent <= kills);
  MESSAGE(kills << " kills; " << by_key.size() << " parts delivered, " << resent << " seen twice");
  // Nothing is left due: a last crawl sends nothing.
  server_.Clear();
  REQUIRE(Nianbao(config, {"crawl"}).exit_code == 0);
  server_.WaitForIdle();
  CHECK(Posts("/json").empty());
}

}  // namespace
}  // namespace nianbao::app
