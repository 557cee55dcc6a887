// CurlMulti (net/curl_multi.h) on its own: real libcurl easy handles driven
// by an io_context against the loopback test server, without the Fetcher.
#include "net/curl_multi.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "tests/support/http_test_server.h"

using namespace nianbao;
using namespace nianbao::net;
using nianbao::testing::FaultMode;
using nianbao::testing::HttpTestServer;
using nianbao::testing::Response;
using nianbao::testing::RouteOptions;

namespace {

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// A GET of `url` on 127.0.0.1 that writes its body into `body`.
CurlEasyPtr Get(const std::string& url, std::string* body) {
  CurlEasyPtr easy(curl_easy_init());
  REQUIRE(easy != nullptr);
  curl_easy_setopt(easy.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, body);
  return easy;
}

long StatusOf(CURL* easy) {
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

class MultiFixture {
 public:
  MultiFixture() {
    REQUIRE(server_.status().ok());
    server_.Get("127.0.0.1", "/a", Response::Text("alpha"));
    server_.Get("127.0.0.1", "/b", Response::Text("beta"));
    server_.Get("127.0.0.1", "/missing", Response::NotFound());
    RouteOptions endless;
    endless.fault = FaultMode::kEndlessBody;
    endless.endless_interval_ms = 5;
    server_.Get("127.0.0.1", "/endless", Response::Text(""), endless);
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
  }
  // Runs `io` until `done()` holds or 10 s passed.
  template <typename Pred>
  bool RunUntil(Pred done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.restart();
      io_.run_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  boost::asio::io_context io_;
  HttpTestServer server_;
};

}  // namespace

TEST_CASE_FIXTURE(MultiFixture, "curl multi: parallel transfers finish once each, handing their handles back") {
  CurlMulti multi(io_);
  std::map<std::string, std::string> bodies;
  std::map<std::string, int> calls;
  std::map<std::string, long> status;
  for (const char* path : {"/a", "/b", "/missing"}) {
    std::string p = path;
    Status added = multi.Add(Get(Url(p), &bodies[p]), [&, p](CurlEasyPtr easy, CURLcode code) {
      ++calls[p];
      CHECK(code == CURLE_OK);
      REQUIRE(easy != nullptr);
      status[p] = StatusOf(easy.get());
    });
    REQUIRE(added.ok());
  }
  CHECK(multi.in_flight() == 3);
  REQUIRE(RunUntil([&] { return multi.in_flight() == 0; }));
  CHECK(calls == std::map<std::string, int>{{"/a", 1}, {"/b", 1}, {"/missing", 1}});
  CHECK(bodies["/a"] == "alpha");
  CHECK(bodies["/b"] == "beta");
  CHECK(status["/a"] == 200);
  CHECK(status["/missing"] == 404);
  // Nothing more arrives later.
  io_.restart();
  io_.run_for(std::chrono::milliseconds(50));
  CHECK(calls["/a"] == 1);
}

TEST_CASE_FIXTURE(MultiFixture, "curl multi: a done callback may add the next transfer") {
  CurlMulti multi(io_);
  std::string first, second;
  bool second_done = false;
  Status added = multi.Add(Get(Url("/a"), &first), [&](CurlEasyPtr, CURLcode code) {
    CHECK(code == CURLE_OK);
    Status next = multi.Add(Get(Url("/b"), &second), [&](CurlEasyPtr, CURLcode c2) {
      CHECK(c2 == CURLE_OK);
      second_done = true;
    });
    CHECK(next.ok());
  });
  REQUIRE(added.ok());
  REQUIRE(RunUntil([&] { return second_done; }));
  CHECK(first == "alpha");
  CHECK(second == "beta");
  CHECK(multi.in_flight() == 0);
}

TEST_CASE_FIXTURE(MultiFixture, "curl multi: Remove stops an unfinished transfer without calling done") {
  CurlMulti multi(io_);
  std::string body;
  bool called = false;
  CurlEasyPtr easy = Get(Url("/endless"), &body);
  CURL* raw = easy.get();
  REQUIRE(multi.Add(std::move(easy), [&](CurlEasyPtr, CURLcode) { called = true; }).ok());
  REQUIRE(RunUntil([&] { return body.size() > 0; }));  // the body is streaming
  CurlEasyPtr back = multi.Remove(raw);
  CHECK(back.get() == raw);
  CHECK(multi.in_flight() == 0);
  CHECK(multi.Remove(raw) == nullptr);  // no longer in flight
  io_.restart();
  io_.run_for(std::chrono::milliseconds(100));
  CHECK_FALSE(called);
}

TEST_CASE_FIXTURE(MultiFixture, "curl multi: destroying the multi drops unfinished transfers silently") {
  bool called = false;
  std::string body;
  {
    CurlMulti multi(io_);
    REQUIRE(multi.Add(Get(Url("/endless"), &body), [&](CurlEasyPtr, CURLcode) { called = true; }).ok());
    REQUIRE(RunUntil([&] { return body.size() > 0; }));
  }
  io_.restart();
  io_.run_for(std::chrono::milliseconds(100));  // handlers left queued find nothing
  CHECK_FALSE(called);
}

TEST_CASE_FIXTURE(MultiFixture, "curl multi: a socket gate refuses the peer before connecting") {
  CurlMulti multi(io_);
  SocketGate gate;
  gate.allow = [](const sockaddr* addr) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    return !(addr->sa_family == AF_INET && in->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  };
  std::string body;
  CurlEasyPtr easy = Get(Url("/a"), &body);
  multi.Attach(easy.get(), &gate);
  std::optional<CURLcode> result;
  REQUIRE(multi.Add(std::move(easy), [&](CurlEasyPtr, CURLcode code) { result = code; }).ok());
  REQUIRE(RunUntil([&] { return result.has_value(); }));
  CHECK(*result == CURLE_COULDNT_CONNECT);
  CHECK(gate.refused_address == "127.0.0.1");
  CHECK(body.empty());
  CHECK(server_.Requests().empty());  // nothing reached the server

  // The same gate allowing everything lets the transfer through.
  gate.allow = nullptr;
  gate.refused_address.clear();
  CurlEasyPtr again = Get(Url("/a"), &body);
  multi.Attach(again.get(), &gate);
  result.reset();
  REQUIRE(multi.Add(std::move(again), [&](CurlEasyPtr, CURLcode code) { result = code; }).ok());
  REQUIRE(RunUntil([&] { return result.has_value(); }));
  CHECK(*result == CURLE_OK);
  CHECK(body == "alpha");
  CHECK(gate.refused_address.empty());
}

TEST_CASE_FIXTURE(MultiFixture, "curl multi: a null handle is refused") {
  CurlMulti multi(io_);
  Status st = multi.Add(nullptr, [](CurlEasyPtr, CURLcode) {});
  CHECK(st.code() == Code::kInvalidArgument);
  CHECK(st.message() == "CurlMulti::Add: null easy handle");
  CHECK(multi.in_flight() == 0);
}

TEST_CASE_FIXTURE(MultiFixture, "curl multi: a refused connection is reported, and its socket is closed") {
  CurlMulti multi(io_);
  // A port bound but not listening refuses connections while we hold it.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  std::string body;
  std::optional<CURLcode> result;
  SocketGate gate;
  CurlEasyPtr easy = Get("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/", &body);
  multi.Attach(easy.get(), &gate);
  REQUIRE(multi.Add(std::move(easy), [&](CurlEasyPtr, CURLcode code) { result = code; }).ok());
  REQUIRE(RunUntil([&] { return result.has_value(); }));
  ::close(fd);
  CHECK(*result == CURLE_COULDNT_CONNECT);
  CHECK(multi.sockets() == 0);
}
