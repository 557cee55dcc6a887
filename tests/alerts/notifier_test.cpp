// Tests for app/notifier.h: payload shapes, webhook delivery to a real
// loopback HTTP receiver, the e-mail message text, and SMTP delivery to a
// tiny loopback SMTP responder written below.
#include "alerts/notifier.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/http_test_server.h"

namespace nianbao::alerts {
namespace {

using testing::HttpTestServer;
using testing::Response;
using testing::RouteOptions;

AlertMessage SampleAlert() {
  AlertMessage a;
  a.kind = "late";
  a.agency = "南岗区王岗镇";
  a.year = 2021;
  a.title = "南岗区王岗镇 2021 年报逾期发布";
  a.detail = "截止日期 2022-01-31";
  a.first_seen = 1642665600000;  // 2022-01-20T16:00:00+08:00
  a.idempotency_key = "late/南岗区王岗镇/2021";
  return a;
}

std::string LocalUrl(const HttpTestServer& s, const std::string& target) {
  return "http://127.0.0.1:" + std::to_string(s.port()) + target;
}

// A loopback port that refuses every connection for as long as this object
// lives: its socket is bound but never listens, so a connect gets a reset,
// and no other process can take the port meanwhile (a port closed again
// could be reused by anyone before the test connects).
class RefusingPort {
 public:
  RefusingPort() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { ::close(fd_); }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

std::string Base64Decode(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const std::size_t v = kAlphabet.find(c);
    if (v == std::string::npos) continue;  // '=' and line breaks
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

TEST_CASE("json payload carries every field, first_seen in +08:00") {
  const auto j = nlohmann::json::parse(WebhookPayload(SampleAlert(), WebhookFormat::kJson));
  CHECK(j["kind"] == "late");
  CHECK(j["agency"] == "南岗区王岗镇");
  CHECK(j["year"] == 2021);
  CHECK(j["title"] == "南岗区王岗镇 2021 年报逾期发布");
  CHECK(j["detail"] == "截止日期 2022-01-31");
  CHECK(j["first_seen"] == "2022-01-20T16:00:00+08:00");
  CHECK(j["idempotency_key"] == "late/南岗区王岗镇/2021");
  AlertMessage unseen = SampleAlert();
  unseen.first_seen.reset();
  CHECK(nlohmann::json::parse(WebhookPayload(unseen, WebhookFormat::kJson))["first_seen"].is_null());
}

TEST_CASE("dingtalk and wecom payloads are text messages with the alert text") {
  for (WebhookFormat f : {WebhookFormat::kDingTalk, WebhookFormat::kWeCom}) {
    const auto j = nlohmann::json::parse(WebhookPayload(SampleAlert(), f));
    CHECK(j["msgtype"] == "text");
    const std::string content = j["text"]["content"];
    CHECK(content == AlertText(SampleAlert()));
    CHECK(content.find("南岗区王岗镇 2021 年报逾期发布") != std::string::npos);
    CHECK(content.find("首次发现：2022-01-20T16:00:00+08:00") != std::string::npos);
  }
  CHECK(*ParseWebhookFormat("dingtalk") == WebhookFormat::kDingTalk);
  CHECK(*ParseWebhookFormat("wecom") == WebhookFormat::kWeCom);
  CHECK(ParseWebhookFormat("slack").status().code() == Code::kInvalidArgument);
}

TEST_CASE("a 200 answer is success, the receiver gets the body and headers as sent") {
  HttpTestServer server;
  REQUIRE(server.status().ok());
  server.Add("*", "POST", "/hook", Response::Text("ok"));
  const std::string body = WebhookPayload(SampleAlert(), WebhookFormat::kJson);
  const Status st = PostWebhook(LocalUrl(server, "/hook"), body, 5000, "late/2021/abc");
  CHECK(st.ok());
  REQUIRE(server.WaitForRequests(1));
  const auto reqs = server.Requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "POST");
  CHECK(reqs[0].body == body);
  CHECK(reqs[0].Header("Idempotency-Key") == "late/2021/abc");
  CHECK(reqs[0].Header("Content-Type") == "application/json; charset=utf-8");
}

TEST_CASE("a 500 answer is an error with the status and the first 200 bytes of the body") {
  HttpTestServer server;
  REQUIRE(server.status().ok());
  server.Add("*", "POST", "/hook", Response::Text(std::string(300, 'x'), 500));
  const Status st = PostWebhook(LocalUrl(server, "/hook?access_token=SECRET"), "{}", 5000, "k");
  CHECK(st.code() == Code::kNetwork);
  CHECK(st.message().find("HTTP 500: " + std::string(200, 'x')) != std::string::npos);
  CHECK(st.message().find(std::string(201, 'x')) == std::string::npos);
  CHECK(st.message().find("SECRET") == std::string::npos);
  CHECK(st.message().find("/hook?…") != std::string::npos);
}

TEST_CASE("a redirect is not followed and is an error") {
  HttpTestServer server;
  REQUIRE(server.status().ok());
  server.Add("*", "POST", "/hook", Response::Redirect("http://elsewhere.example/"));
  const Status st = PostWebhook(LocalUrl(server, "/hook"), "{}", 5000, "k");
  CHECK(st.code() == Code::kNetwork);
  CHECK(st.message().find("HTTP 302") != std::string::npos);
  CHECK(server.Requests().size() == 1);
}

TEST_CASE("a receiver that is down is a connection error, not a timeout") {
  RefusingPort down;
  const std::string url = "http://127.0.0.1:" + std::to_string(down.port()) + "/hook";
  const Status st = PostWebhook(url, "{}", 10000, "k");
  CHECK(st.code() == Code::kNetwork);
  CHECK(st.message().find("webhook POST " + url) != std::string::npos);
  CHECK(st.message().find("timed out") == std::string::npos);
}

TEST_CASE("a receiver slower than the timeout is a timeout error") {
  HttpTestServer server;
  REQUIRE(server.status().ok());
  RouteOptions slow;
  slow.delay_ms = 3000;
  server.Add("*", "POST", "/hook", Response::Text("late"), slow);
  const Status st = PostWebhook(LocalUrl(server, "/hook"), "{}", 200, "k");
  CHECK(st.code() == Code::kNetwork);
  CHECK(st.message().find("timed out after 200 ms") != std::string::npos);
}

TEST_CASE("the e-mail message: headers, encoded subject, base64 body") {
  const auto m = BuildEmailMessage("nianbao@example.org", {"ops@example.org", "lead@example.org"},
                                   "年报逾期：南岗区王岗镇", "正文第一行\n第二行", 1795323627000);
  REQUIRE(m.ok());
  const std::string& text = *m;
  CHECK(text.find("Date: Sun, 22 Nov 2026 13:00:27 +0800\r\n") == 0);
  CHECK(text.find("\r\nFrom: nianbao@example.org\r\n") != std::string::npos);
  CHECK(text.find("\r\nTo: ops@example.org, lead@example.org\r\n") != std::string::npos);
  CHECK(text.find("\r\nSubject: =?UTF-8?B?5bm05oql6YC+5pyf77ya5Y2X5bKX5Yy6546L5bKX6ZWH?=\r\n") != std::string::npos);
  CHECK(text.find("\r\nContent-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
  const std::size_t body_at = text.find("\r\n\r\n");
  REQUIRE(body_at != std::string::npos);
  CHECK(Base64Decode(text.substr(body_at + 4)) == "正文第一行\n第二行");
}

TEST_CASE("long subjects fold into encoded-words without splitting a character") {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "逾";
  const std::string encoded = EncodeHeaderValue(subject);
  std::string decoded;
  std::size_t start = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    const std::string word = encoded.substr(start, end - start);
    CHECK(word.size() + 1 <= 76);
    REQUIRE(word.rfind("=?UTF-8?B?", 0) == 0);
    const std::string part = Base64Decode(word.substr(10, word.size() - 12));
    CHECK(part.size() % 3 == 0);  // whole 3-byte characters
    decoded += part;
    start = end == encoded.size() ? end : end + 3;
  }
  CHECK(decoded == subject);
  CHECK(EncodeHeaderValue("plain ASCII") == "plain ASCII");
}

TEST_CASE("header injection through an address is refused") {
  CHECK(BuildEmailMessage("a@b\r\nBcc: x@y", {"ops@example.org"}, "s", "b", 0).status().code() ==
        Code::kInvalidArgument);
  CHECK(BuildEmailMessage("a@b", {}, "s", "b", 0).status().code() == Code::kInvalidArgument);
}

TEST_CASE("credentials file: user:password, or a clear error naming the file") {
  const std::string path = std::string(NIANBAO_BINARY_DIR) + "/smtp_creds_test." + std::to_string(::getpid());
  {
    std::ofstream(path) << "alerts:pa:ss\r\n";
  }
  const auto c = ReadSmtpCredentials(path);
  REQUIRE(c.ok());
  CHECK(c->user == "alerts");
  CHECK(c->password == "pa:ss");
  {
    std::ofstream(path) << "no colon here\n";
  }
  CHECK(ReadSmtpCredentials(path).status().code() == Code::kInvalidArgument);
  CHECK(ReadSmtpCredentials(path).status().message().find(path) != std::string::npos);
  std::filesystem::remove(path);
  CHECK(ReadSmtpCredentials(path).status().code() == Code::kNotFound);
}

// A one-connection SMTP responder on 127.0.0.1: answers EHLO, MAIL, RCPT,
// DATA and QUIT, records what it got. Bounded: it gives up after 10 s idle.
class SmtpResponder {
 public:
  SmtpResponder() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 1);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpResponder() {
    Finish();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  // Waits for the session to end; then commands() and data() are stable.
  void Finish() {
    if (thread_.joinable()) thread_.join();
  }
  const std::vector<std::string>& commands() const { return commands_; }
  const std::string& data() const { return data_; }

 private:
  void Serve() {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    Send(fd, "220 localhost ESMTP test\r\n");
    std::string buffer, line;
    bool in_data = false;
    while (ReadLine(fd, &buffer, &line)) {
      if (in_data) {
        if (line == ".") {
          in_data = false;
          Send(fd, "250 queued\r\n");
        } else {
          data_ += line + "\r\n";
        }
        continue;
      }
      commands_.push_back(line);
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO") Send(fd, "250-localhost\r\n250 8BITMIME\r\n");
      else if (verb == "MAIL" || verb == "RCPT") Send(fd, "250 ok\r\n");
      else if (verb == "DATA") { Send(fd, "354 go ahead\r\n"); in_data = true; }
      else if (verb == "QUIT") { Send(fd, "221 bye\r\n"); break; }
      else Send(fd, "502 not implemented\r\n");
    }
    ::close(fd);
  }
  static void Send(int fd, const std::string& s) { (void)!::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }
  static bool ReadLine(int fd, std::string* buffer, std::string* line) {
    for (;;) {
      const std::size_t eol = buffer->find("\r\n");
      if (eol != std::string::npos) {
        *line = buffer->substr(0, eol);
        buffer->erase(0, eol + 2);
        return true;
      }
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer->append(chunk, static_cast<std::size_t>(n));
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::vector<std::string> commands_;
  std::string data_;
};

TEST_CASE("SendEmail delivers over SMTP to a loopback responder") {
  SmtpResponder smtp;
  const std::string url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  const Status st = SendEmail(url, "", "nianbao@example.org", {"ops@example.org", "lead@example.org"},
                              "年报逾期：南岗区王岗镇", "南岗区王岗镇 2021 年报未按期发布。", 10000);
  CHECK(st.ok());
  smtp.Finish();
  const auto& cmds = smtp.commands();
  REQUIRE(cmds.size() >= 5);
  CHECK(cmds[0].rfind("EHLO", 0) == 0);
  CHECK(std::find(cmds.begin(), cmds.end(), "MAIL FROM:<nianbao@example.org>") != cmds.end());
  CHECK(std::find(cmds.begin(), cmds.end(), "RCPT TO:<ops@example.org>") != cmds.end());
  CHECK(std::find(cmds.begin(), cmds.end(), "RCPT TO:<lead@example.org>") != cmds.end());
  CHECK(smtp.data().find("Subject: =?UTF-8?B?5bm05oql6YC+5pyf77ya5Y2X5bKX5Yy6546L5bKX6ZWH?=\r\n") !=
        std::string::npos);
  CHECK(smtp.data().find("To: ops@example.org, lead@example.org\r\n") != std::string::npos);
}

TEST_CASE("SendEmail with credentials refuses a server without TLS, the password is never sent") {
  const std::string creds = std::string(NIANBAO_BINARY_DIR) + "/smtp_creds_tls." + std::to_string(::getpid());
  {
    std::ofstream(creds) << "alerts:s3cret\n";
  }
  SmtpResponder smtp;
  const std::string url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  const Status st = SendEmail(url, creds, "nianbao@example.org", {"ops@example.org"}, "s", "b", 10000);
  std::filesystem::remove(creds);
  CHECK(st.code() == Code::kNetwork);
  CHECK(st.message().find("e-mail via " + url) != std::string::npos);
  smtp.Finish();
  for (const auto& c : smtp.commands()) {
    CHECK(c.find("AUTH") == std::string::npos);
    CHECK(c.find("MAIL") == std::string::npos);
  }
}

TEST_CASE("SendEmail to a closed port fails with a network error") {
  RefusingPort down;
  const std::string url = "smtp://127.0.0.1:" + std::to_string(down.port());
  const Status st = SendEmail(url, "", "a@example.org", {"b@example.org"}, "s", "b", 5000);
  CHECK(st.code() == Code::kNetwork);
}

}  // namespace
}  // namespace nianbao::alerts
