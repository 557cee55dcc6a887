// Digests, rate limits, routing and DingTalk signing: ComposeDigest on its own
// (sizes under each channel's limit, every alert in exactly one part), and the
// Outbox over a real SQLite file (StoreFixture, ManualClock) against a real
// loopback receiver, reopened to show what survives a restart.
#include "alerts/digest.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/alert_engine.h"
#include "alerts/notifier.h"
#include "alerts/outbox.h"
#include "tests/storage/store_fixture.h"
#include "tests/support/http_test_server.h"

namespace nianbao::alerts {
namespace {

using nianbao::testing::HttpTestServer;
using nianbao::testing::Request;
using nianbao::testing::Response;
using storage::testing::StoreFixture;
using Json = nlohmann::json;

// `n` queued deliveries, kinds in turn, with long details (a few a line's cut).
std::vector<storage::DigestCandidate> Candidates(int n) {
  static const char* kKinds[] = {kAlertLate, kAlertOverdue, kAlertChecksFailed, kAlertUnreadable};
  std::vector<storage::DigestCandidate> out;
  for (int i = 0; i < n; ++i) {
    storage::DigestCandidate c;
    c.delivery.id = i + 1;
    c.delivery.idempotency_key = fmt::format("{}:webhook:{}", i + 1, i % 7 == 0 ? "resolved" : "0");
    c.alert.id = i + 1;
    c.alert.kind = kKinds[i % 4];
    c.alert.agency = fmt::format("测试区第{}街道办事处", i);
    c.alert.year = 2021 + i % 5;
    c.alert.detail = std::string(i % 10 == 0 ? 3000 : 150, 'x') + "\"引号\"";
    out.push_back(c);
  }
  return out;
}

Channel Robot(WebhookFormat format) {
  Channel c;
  c.id = "webhook";
  c.webhook.url = "http://127.0.0.1:9/hook";
  c.webhook.format = format;
  return c;
}

// Every delivery id is carried by exactly one part.
void CheckEachOnce(const DigestDraft& d, int n) {
  std::multiset<std::int64_t> ids;
  for (const auto& part : d.deliveries) ids.insert(part.begin(), part.end());
  CHECK(ids.size() == static_cast<std::size_t>(n));
  for (int i = 1; i <= n; ++i) CHECK(ids.count(i) == 1);
}

TEST_CASE("robot digests are split under each channel's byte limit, overdue first, counted per kind") {
  const auto items = Candidates(400);
  for (auto [format, limit] : {std::pair{WebhookFormat::kDingTalk, kDingTalkMessageBytes},
                               std::pair{WebhookFormat::kWeCom, kWeComMarkdownBytes}}) {
    DigestDraft d = ComposeDigest(7, Robot(format), items, 200);
    REQUIRE(d.parts.size() > 1);
    CheckEachOnce(d, 400);
    for (std::size_t i = 0; i < d.parts.size(); ++i) {
      CHECK(d.parts[i].body.size() <= limit);
      CHECK(d.parts[i].parts == static_cast<int>(d.parts.size()));
      const Json j = Json::parse(d.parts[i].body);
      const std::string content = format == WebhookFormat::kWeCom ? j["markdown"]["content"] : j["text"]["content"];
      CHECK(content.rfind(fmt::format("【nianbao】年报巡检第 7 轮（{}/{}）\n", i + 1, d.parts.size()), 0) == 0);
    }
    const Json first = Json::parse(d.parts[0].body);
    const std::string text = format == WebhookFormat::kWeCom ? first["markdown"]["content"] : first["text"]["content"];
    // 100 overdue, of which 14 are resolutions (every 7th delivery).
    const std::size_t overdue = text.find("■ 逾期未发布 86 条\n");
    CHECK(overdue != std::string::npos);
    CHECK(overdue < text.find("■ 数据校验未通过"));
  }
  // DingTalk holds more a part: fewer parts than WeCom.
  CHECK(ComposeDigest(7, Robot(WebhookFormat::kDingTalk), items, 200).parts.size() <
        ComposeDigest(7, Robot(WebhookFormat::kWeCom), items, 200).parts.size());
}

TEST_CASE("a JSON digest holds at most max_alerts alerts a POST, shaped as alerts --json") {
  DigestDraft d = ComposeDigest(3, Robot(WebhookFormat::kJson), Candidates(45), 20);
  REQUIRE(d.parts.size() == 3);
  CheckEachOnce(d, 45);
  std::size_t total = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const Json j = Json::parse(d.parts[i].body);
    CHECK(j["cycle"] == 3);
    CHECK(j["part"] == i + 1);
    CHECK(j["parts"] == 3);
    CHECK(j["alerts"].size() <= 20);
    total += j["alerts"].size();
    for (const Json& a : j["alerts"]) {
      std::vector<std::string> keys;
      for (const auto& [k, v] : a.items()) keys.push_back(k);
      CHECK(keys == std::vector<std::string>{"agency", "delivered_to", "detail", "first_seen", "id", "kind",
                                             "last_seen", "last_sent", "resolved", "resolved_at", "year"});
    }
  }
  CHECK(total == 45);
  CHECK(ComposeDigest(3, Robot(WebhookFormat::kJson), {}, 20).parts.empty());
}

TEST_CASE("a DingTalk 加签 URL carries the timestamp and the HMAC-SHA256 sign, URL-encoded") {
  // printf '1700000000000\nSECtest-secret' | openssl dgst -sha256 -hmac 'SECtest-secret' -binary | base64
  const std::string sign = "LC7hxZ4wslL+P7j7gu1hoQ+wzByekL+yWgiUMekZs0g=";
  std::string encoded;
  for (char c : sign) encoded += c == '+' ? "%2B" : c == '/' ? "%2F" : c == '=' ? "%3D" : std::string(1, c);
  CHECK(SignedDingTalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", "SECtest-secret", 1700000000000) ==
        "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=" + encoded);
  CHECK(SignedDingTalkUrl("http://h/hook", "SECtest-secret", 1700000000000).rfind("http://h/hook?timestamp=", 0) == 0);
  CHECK(SignedDingTalkUrl("http://h/hook?k=1", "", 1) == "http://h/hook?k=1");
}

TEST_CASE("routes: matching routes get the alert, the defaults only when none matched or also_default") {
  AlertOptions o;
  o.webhook.url = "http://127.0.0.1:9/default";
  AlertRoute a;
  a.name = "a";
  a.sources = {"道外区年报"};
  a.webhook.url = "http://127.0.0.1:9/a";
  AlertRoute b;
  b.name = "b";
  b.agencies = {"道外区民政局"};
  b.webhook.url = "http://127.0.0.1:9/b";
  b.also_default = true;
  o.routes = {a, b};
  CHECK(RouteAlert(o, "南岗区年报", "南岗区王岗镇") == std::vector<std::string>{"webhook"});
  CHECK(RouteAlert(o, "道外区年报", "道外区教育局") == std::vector<std::string>{"route:a:webhook"});
  CHECK(RouteAlert(o, "道外区年报", "道外区民政局") ==
        std::vector<std::string>{"webhook", "route:a:webhook", "route:b:webhook"});
  CHECK(RouteAlert(o, "", "") == std::vector<std::string>{"webhook"});
}

// An Outbox over a real file, posting to a loopback robot.
class OutboxFixture : public StoreFixture {
 public:
  OutboxFixture() {
    server_.Add("*", "POST", "/robot", Response::Text("{\"errcode\":0}"));
    options_.webhook.url = server_.Url("127.0.0.1", "/robot");
    options_.webhook.format = WebhookFormat::kDingTalk;
  }
  void Queue(int n, const std::string& kind = kAlertOverdue) {
    for (int i = 0; i < n; ++i) {
      storage::AlertRecord r{kind, fmt::format("单位{}", next_), 2025, "no 2025 report found; due 2026-01-31", 0,
                             false, {{"webhook", "0", false}}, ""};
      ++next_;
      REQUIRE(store().RecordAlert(r).ok());
    }
  }
  DeliveryPass Deliver() {
    Outbox outbox(store(), clock_);
    auto pass = outbox.DeliverDue(options_);
    REQUIRE_MESSAGE(pass.ok(), pass.status().message());
    return *pass;
  }
  std::vector<Request> Posts() const {
    std::vector<Request> out;
    for (const Request& r : server_.Requests())
      if (r.method == "POST") out.push_back(r);
    return out;
  }

  HttpTestServer server_;
  AlertOptions options_;
  int next_ = 0;
};

TEST_CASE_FIXTURE(OutboxFixture, "the rate limit holds across a restart, a delayed message is sent later, not dropped") {
  options_.digest = false;
  options_.webhook.rate_per_minute = 2;
  Queue(5);
  DeliveryPass first = Deliver();
  CHECK(first.sent == 2);
  CHECK(first.delayed == 3);
  Reopen();  // a new process: it knows only what the database says
  clock_.Advance(30'000);
  DeliveryPass early = Deliver();
  CHECK(early.sent == 0);
  CHECK(Posts().size() == 2);
  clock_.Advance(30'001);  // the first two requests are now 60 s old
  CHECK(Deliver().sent == 2);
  clock_.Advance(60'000);
  CHECK(Deliver().sent == 1);
  CHECK(Deliver().sent == 0);
  const auto posts = Posts();
  REQUIRE(posts.size() == 5);
  std::set<std::string> agencies;
  for (const Request& r : posts) {
    const std::string content = Json::parse(r.body)["text"]["content"];
    agencies.insert(content.substr(content.find("单位：") + 9, content.find('\n', content.find("单位：")) -
                                                                   content.find("单位：") - 9));
  }
  CHECK(agencies.size() == 5);
}

TEST_CASE_FIXTURE(OutboxFixture, "a digest's parts are stored before sending, sent once, re-sent byte for byte") {
  options_.webhook.format = WebhookFormat::kWeCom;
  server_.Clear();
  int answers = 0;
  server_.Add("*", "POST", "/robot", [&](const Request&) {
    // The second request fails: that part stays due and is re-sent as stored.
    return ++answers == 2 ? Response{500, {}, "busy"} : Response::Text("{\"errcode\":0}");
  });
  Queue(150);
  DeliveryPass pass = Deliver();
  CHECK(pass.failed == 1);
  auto parts = store().DigestParts(0);
  REQUIRE(parts.ok());
  REQUIRE(parts->size() >= 2);
  CHECK(pass.sent == static_cast<int>(parts->size()) - 1);
  clock_.Advance(61'000);
  Reopen();
  CHECK(Deliver().sent == 1);
  CHECK(Deliver().sent == 0);
  const auto posts = Posts();
  REQUIRE(posts.size() == parts->size() + 1);
  CHECK(posts[1].body == posts.back().body);  // the failed part, re-sent as stored
  std::map<std::string, std::string> by_key;
  for (const Request& r : posts) {
    CHECK(r.body.size() <= kWeComMarkdownBytes);
    auto [it, fresh] = by_key.emplace(r.Header("Idempotency-Key"), r.body);
    if (!fresh) CHECK(it->second == r.body);
  }
  CHECK(by_key.size() == parts->size());
  auto alerts = store().ListAlerts(false);
  REQUIRE(alerts.ok());
  for (const auto& a : *alerts) CHECK(a.delivered_to == "webhook");
}

TEST_CASE_FIXTURE(OutboxFixture, "a signed DingTalk digest is posted with timestamp and sign") {
  options_.webhook.secret = "SECtest-secret";
  Queue(3);
  CHECK(Deliver().sent == 1);
  const auto posts = Posts();
  REQUIRE(posts.size() == 1);
  CHECK(posts[0].query.rfind("timestamp=" + std::to_string(clock_.Now()) + "&sign=", 0) == 0);
  CHECK(posts[0].Header("Idempotency-Key") == "digest:0:webhook:1");
  const std::string content = Json::parse(posts[0].body)["text"]["content"];
  CHECK(content.find("■ 逾期未发布 3 条\n· 单位0 2025：no 2025 report found; due 2026-01-31\n") != std::string::npos);
}

}  // namespace
}  // namespace nianbao::alerts
