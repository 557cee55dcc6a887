#include "app/config/config.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using nianbao::Code;
using nianbao::app::Config;
using nianbao::app::LoadConfig;
using nianbao::app::ParseConfig;
using nianbao::app::ParseDuration;

namespace {

const char* kGood = R"TOML(# a complete configuration
[storage]
path = "/var/lib/nianbao/nianbao.db"

[crawler]
user_agent = "nianbao/1.0 (+mailto:ops@example.org)"
max_connections = 32
per_host_connections = 2
per_host_delay_ms = 1000
timeout_s = 30
max_body_bytes = 20000000
retries = 4
respect_robots = true
resolve = ["ngqxxgk.harbin.gov.cn:80:127.0.0.1"]
allow_private = false

[schedule]
interval = "6h"
deadline = "01-31"
grace_days = 3

[alerts]
webhook = "http://127.0.0.1:9/hook"
webhook_format = "dingtalk"
reminder_interval = "2d"

[[source]]
name = "南岗区政府信息公开年报"
url = "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html"
agencies = ["南岗区王岗镇", "南岗区文化街道办事处"]
first_year = 2020

[[source]]
name = "四方台区"
url = "https://www.sft.gov.cn/col/col1/index.html"
agency = "四方台区人民政府办公室"
)TOML";

// The error message for `text`, which must fail to load.
std::string ErrorOf(const std::string& text) {
  auto r = ParseConfig(text, "t.toml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::kInvalidArgument);
  return r.status().message();
}

}  // namespace

TEST_CASE("a complete configuration loads with every value") {
  auto r = ParseConfig(kGood, "good.toml");
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  const Config& c = *r;
  CHECK(c.storage.path == "/var/lib/nianbao/nianbao.db");
  CHECK(c.crawler.per_host_delay_ms == 1000);
  CHECK(c.crawler.resolve.size() == 1);
  CHECK(c.schedule.interval_s == 6 * 3600);
  CHECK(c.schedule.deadline_month == 1);
  CHECK(c.schedule.deadline_day == 31);
  CHECK(c.schedule.grace_days == 3);
  CHECK(c.alerts.webhook.format == nianbao::alerts::WebhookFormat::kDingTalk);
  CHECK(c.alerts.reminder_interval_s == 2 * 86400);
  REQUIRE(c.sources.size() == 2);
  CHECK(c.sources[0].agencies == std::vector<std::string>{"南岗区王岗镇", "南岗区文化街道办事处"});
  CHECK(c.sources[0].first_year == 2020);
  CHECK(c.sources[1].agencies == std::vector<std::string>{"四方台区人民政府办公室"});
  CHECK(c.sources[1].line == 33);
}

TEST_CASE("an empty file gives the defaults") {
  auto r = ParseConfig("", "empty.toml");
  REQUIRE(r.ok());
  CHECK(r->crawler.retries == 4);
  CHECK(r->sources.empty());
}

TEST_CASE("errors name file, line and key") {
  CHECK(ErrorOf("[crawler]\ntimeout_s = 0\n") == "t.toml:2: crawler.timeout_s: must be >= 1");
  CHECK(ErrorOf("[crawler]\ntimeout_s = \"30\"\n") == "t.toml:2: crawler.timeout_s: must be an integer");
  CHECK(ErrorOf("[crawler]\n\nmax_conections = 3\n") == "t.toml:3: crawler.max_conections: unknown key");
  CHECK(ErrorOf("[crawlr]\n") == "t.toml:1: crawlr: unknown key");
  CHECK(ErrorOf("[schedule]\ninterval = \"6 hours\"\n") ==
        "t.toml:2: schedule.interval: '6 hours' is not a duration like \"6h\", \"30m\", \"1d\"");
  CHECK(ErrorOf("[schedule]\ndeadline = \"02-30\"\n") ==
        "t.toml:2: schedule.deadline: '02-30' is not a month-day like \"01-31\"");
  CHECK(ErrorOf("[crawler]\nresolve = [\"a.gov.cn:80\"]\n") ==
        "t.toml:2: crawler.resolve: 'a.gov.cn:80' is not host:port:address");
  CHECK(ErrorOf("[crawler]\nrespect_robots = 1\n") == "t.toml:2: crawler.respect_robots: must be true or false");
  CHECK(ErrorOf("[crawler]\nper_host_connections = 64\n") ==
        "t.toml:2: crawler.per_host_connections: must be 1..max_connections");
  CHECK(ErrorOf("[alerts]\nwebhook_format = \"slack\"\n") ==
        "t.toml:2: alerts.webhook_format: must be \"json\", \"dingtalk\" or \"wecom\"");
  CHECK(ErrorOf("storage = 3\n") == "t.toml:1: storage: must be a table");
}

TEST_CASE("sources are validated") {
  CHECK(ErrorOf("[[source]]\nurl = \"http://a.gov.cn/\"\n") == "t.toml:1: source.name: is required");
  CHECK(ErrorOf("[[source]]\nname = \"x\"\nurl = \"ftp://a.gov.cn/\"\n") ==
        "t.toml:3: source.url: 'ftp://a.gov.cn/' must be an http:// or https:// URL");
  CHECK(ErrorOf("[[source]]\nname = \"x\"\nurl = \"http://a/\"\nagency = \"A\"\nagencies = [\"B\"]\n") ==
        "t.toml:4: source.agency: give either agency or agencies, not both");
  CHECK(ErrorOf("[[source]]\nname = \"x\"\nurl = \"http://a/\"\nfirst_year = 1900\n") ==
        "t.toml:4: source.first_year: must be a year 2008..2100");
  CHECK(ErrorOf("[[source]]\nname = \"x\"\nurl = \"http://a/\"\ncolumn = 3\n") == "t.toml:4: source.column: unknown key");
  CHECK(ErrorOf("[[source]]\nname = \"x\"\nurl = \"http://a/\"\n[[source]]\nname = \"x\"\nurl = \"http://b/\"\n") ==
        "t.toml:4: source.name: 'x' is used twice");
  CHECK(ErrorOf("[source]\nname = \"x\"\n") == "t.toml:1: source: must be an array of tables ([[source]])");
}

TEST_CASE("TOML syntax errors carry the line") {
  std::string m = ErrorOf("[crawler]\ntimeout_s = = 3\n");
  CHECK(m.rfind("t.toml:2: ", 0) == 0);
}

TEST_CASE("durations") {
  CHECK(*ParseDuration("6h") == 21600);
  CHECK(*ParseDuration("1h30m") == 5400);
  CHECK(*ParseDuration("2d") == 172800);
  CHECK(*ParseDuration("45s") == 45);
  CHECK_FALSE(ParseDuration("6").ok());
  CHECK_FALSE(ParseDuration("h").ok());
  CHECK_FALSE(ParseDuration("6w").ok());
  CHECK_FALSE(ParseDuration("").ok());
}

TEST_CASE("LoadConfig reads a file and resolves a relative database path") {
  auto dir = std::filesystem::temp_directory_path() / "nianbao_config_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "n.toml") << "[storage]\npath = \"data/n.db\"\n";
  }
  auto r = LoadConfig((dir / "n.toml").string());
  REQUIRE(r.ok());
  CHECK(r->storage.path == (dir / "data/n.db").string());
  auto missing = LoadConfig((dir / "absent.toml").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == (dir / "absent.toml").string() + ": cannot read the configuration file");
  std::filesystem::remove_all(dir);
}

TEST_CASE("the bundled seeds/harbin.toml loads") {
  auto r = LoadConfig(NIANBAO_SOURCE_DIR "/seeds/harbin.toml");
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(r->sources.size() >= 3);
}

TEST_CASE("per-source bounds have defaults and must be at least 1") {
  auto d = ParseConfig("", "t.toml");
  REQUIRE(d.ok());
  CHECK(d->crawler.bounds.max_pages == 5000);
  CHECK(d->crawler.bounds.max_windows == 200);
  CHECK(d->crawler.bounds.max_total_records == 100000);
  CHECK(d->crawler.bounds.max_seconds == 7200);
  auto r = ParseConfig("[crawler]\nmax_pages_per_source = 500\nmax_windows_per_column = 20\n"
                       "max_total_records = 9000\nmax_source_seconds = 600\n",
                       "t.toml");
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(r->crawler.bounds.max_pages == 500);
  CHECK(r->crawler.bounds.max_windows == 20);
  CHECK(r->crawler.bounds.max_total_records == 9000);
  CHECK(r->crawler.bounds.max_seconds == 600);
  CHECK(ErrorOf("[crawler]\nmax_pages_per_source = 0\n") == "t.toml:2: crawler.max_pages_per_source: must be >= 1");
  CHECK(ErrorOf("[crawler]\nmax_windows_per_column = -3\n") ==
        "t.toml:2: crawler.max_windows_per_column: must be >= 1");
  CHECK(ErrorOf("[crawler]\nmax_total_records = 0\n") == "t.toml:2: crawler.max_total_records: must be >= 1");
  CHECK(ErrorOf("[crawler]\nmax_source_seconds = \"1h\"\n") ==
        "t.toml:2: crawler.max_source_seconds: must be an integer");
}

namespace nianbao::app {
namespace {

// toml++ 3.3.0 reaches undefined behaviour on some non-ASCII characters where
// it looks for whitespace (fuzz/crashes/config_fuzz/): such a file is refused
// before toml++ reads it, and non-ASCII inside strings and comments still loads.
TEST_CASE("a character that is not ASCII outside strings and comments is refused with its line") {
  auto bad = ParseConfig("[crawler]\nretries = 3\n\xEF\xBB\xBB", "x.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() ==
        "x.toml:3: a character that is not ASCII stands outside a string or comment (quote it)");
  auto bare = ParseConfig("\xE2\xB1\xB1 = 1\n", "y.toml");
  REQUIRE_FALSE(bare.ok());
  CHECK(bare.status().message() ==
        "y.toml:1: a character that is not ASCII stands outside a string or comment (quote it)");
  auto good = ParseConfig("\xEF\xBB\xBF# 哈尔滨市 【南岗区】\n[[source]]\nname = \"南岗区\"  # 区\n"
                          "url = \"http://www.harbin.gov.cn/col/col1/index.html\"\n"
                          "agencies = ['''南岗区\n人民政府''', \"王岗镇\\\"\"]\n",
                          "z.toml");
  REQUIRE_MESSAGE(good.ok(), good.status().message());
  REQUIRE(good->sources.size() == 1);
  CHECK(good->sources[0].name == "南岗区");
}

}  // namespace
}  // namespace nianbao::app
