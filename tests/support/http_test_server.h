// HttpTestServer: a loopback HTTP/1.1 server for crawler and app tests.
//
// It listens on 127.0.0.1 (an ephemeral port unless Options::port says
// otherwise) and serves virtual hosts from routes registered by the test:
// static Responses, handlers, directory trees (AddSiteFromDirectory) and
// per-route fault modes (delays, slow or endless bodies, gzip bombs, resets,
// early closes, fail-the-first-N). Every request is recorded in a log with
// steady-clock times so tests can assert politeness, scope and robots rules.
//
// Routing. A request is matched by (host, method, target):
//   host    the Host header without port, lower-cased; routes for "*" match any
//           host and are tried after the host's own routes;
//   method  exact ("GET", "POST", ...) or "*"; HEAD also matches GET routes
//           and is answered without a body;
//   target  Match::kPath   path equals (query ignored),
//           Match::kExact  path and query equal the raw target,
//           Match::kPrefix path starts with the given prefix (longest wins).
// Order: the host's routes (kExact beats kPath beats kPrefix; an exact
// method beats "*"), then "*" routes, then the host's directory site or
// fallback handler, then the host's 404 (SetNotFound), then the global 404
// (SetNotFound("*", ...)), then a plain 404. A fallback's own 404 answers are
// replaced by the SetNotFound one when set.
//
// Threading. The server runs one thread with its own io_context; all I/O and
// every Handler runs on that thread, so a handler must not block for long
// (use RouteOptions::delay_ms instead of sleeping), must be thread-safe with
// respect to the test thread, and must not call Stop(). A handler sees the
// Request with start_ms set and end_ms == -1; if it throws, the client gets
// 500 with the exception's message. All public methods are thread-safe;
// routes may be added or replaced while the server runs.
//
// Lifetime. The constructor starts serving; Stop() (also called by the
// destructor) closes every connection, including ones streaming an endless
// body, and joins the thread. Requests still in flight get their end time set
// at Stop(). Responses are bounded except FaultMode::kEndlessBody. The
// server owns its thread, sockets and copies of every Response and Handler.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "tests/support/fault_plan.h"

namespace nianbao::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One request as received, plus what the server did with it (log fields).
struct Request {
  std::string host{};  // Host header without port, lower-cased; "" if absent
  std::string method{};  // "GET", "POST", ...
  std::string target{};  // raw request target: path and query
  std::string path{};  // target before '?'
  std::string query{};  // target after '?' ("" if none)
  HeaderList headers{};  // in the order received, names as sent
  std::string body{};
  std::uint64_t connection_id = 0;  // 1, 2, ... per accepted connection
  std::int64_t start_ms = 0;        // request head read (ms since server start)
  std::int64_t end_ms = -1;         // response written or connection dropped; -1 = in flight
  int status = 0;                   // status sent; 0 when no status line was sent (reset)

  // Value of the first header named `name` (case-insensitive), "" if absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
};

struct Response {
  int status = 200;
  HeaderList headers{};  // Content-Length is added unless present here
  std::string body{};

  // Adds (does not replace) a header; returns *this for chaining.
  Response& With(std::string name, std::string value);

  static Response Html(std::string body, int status = 200);  // text/html; charset=utf-8
  static Response Text(std::string body, int status = 200);  // text/plain; charset=utf-8
  static Response Typed(std::string content_type, std::string body, int status = 200);
  static Response Redirect(std::string location, int status = 302);
  static Response NotFound();
  static Response ServiceUnavailable(int retry_after_s);  // 503 + Retry-After
  static Response TooManyRequests(int retry_after_s);     // 429 + Retry-After
};

using Handler = std::function<Response(const Request&)>;

enum class Match { kPath, kExact, kPrefix };

enum class FaultMode {
  kNone,
  kReset,              // read the request, then RST the connection (SO_LINGER 0); no response
  kCloseAfterHeaders,  // send the head (with the real Content-Length), then close
  kEndlessBody,        // 200, chunked, never-ending body until the client goes away
  kGzipBomb,           // 200, Content-Encoding: gzip, expands to gzip_bomb_bytes of zeros
  kRaw,                // the Response body is sent verbatim as the whole answer (status line,
                       // headers, body: bad chunking, a lying length...), then the connection closes
};

struct RouteOptions {
  int delay_ms = 0;                   // wait before the response head
  std::size_t slow_chunk_bytes = 0;   // >0: send the body this many bytes at a time ...
  int slow_interval_ms = 0;           // ... waiting this long between pieces
  FaultMode fault = FaultMode::kNone;
  std::uint64_t gzip_bomb_bytes = std::uint64_t{1} << 30;  // rounded up to whole MiB
  int endless_interval_ms = 0;        // pause between endless chunks (0 = as fast as read)
  // The first `fail_first` requests to this route fail (fail_status with an
  // empty body, or a reset when fail_by_reset); later ones are served normally.
  // The counter belongs to the route and restarts when the route is re-added.
  int fail_first = 0;
  int fail_status = 503;
  bool fail_by_reset = false;
  // Conditional GET: when either is set the response carries ETag /
  // Last-Modified and a matching If-None-Match (or, without it, an
  // If-Modified-Since not older than last_modified) gets 304 with no body.
  std::string etag{};         // with quotes, e.g. "\"v1\""
  std::string last_modified{};  // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT"
  bool close_connection = false;  // send Connection: close and close after the response
};

class HttpTestServer {
 public:
  struct Options {
    int port = 0;  // 0 = ephemeral
  };

  HttpTestServer();
  explicit HttpTestServer(Options options);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  // Ok once listening; otherwise why binding failed (then port() is 0).
  Status status() const;
  int port() const;
  // "http://host:port" for building URLs; the client must connect to
  // 127.0.0.1 (e.g. CURLOPT_RESOLVE or CURLOPT_CONNECT_TO, or a Host header).
  std::string BaseUrl(std::string_view host) const;
  std::string Url(std::string_view host, std::string_view target) const;

  // Closes all connections and joins the server thread. Idempotent.
  void Stop();

  // --- routes (replace an existing route with the same host/method/path/match) ---
  void Add(std::string host, std::string method, std::string path, Response response,
           RouteOptions options = {}, Match match = Match::kPath);
  void Add(std::string host, std::string method, std::string path, Handler handler,
           RouteOptions options = {}, Match match = Match::kPath);
  // GET-or-anything shorthands for the common case.
  void Get(std::string host, std::string path, Response response, RouteOptions options = {});
  void Get(std::string host, std::string path, Handler handler, RouteOptions options = {});
  void Any(std::string host, std::string path, Handler handler, RouteOptions options = {},
           Match match = Match::kPath);
  // 404 answer for one host, or for every host with host "*".
  void SetNotFound(std::string host, Response response);
  // Serves the files under `dir` as `host` (see fixture_site.h for the file
  // naming rules: index.html, *.gbk.html, name@query.ext). Files are listed
  // now and read on request. Explicit routes for the host take precedence.
  Status AddSiteFromDirectory(std::string host, const std::string& dir, RouteOptions options = {});
  // Like a directory site, but any handler: called for every request to
  // `host` no route matched. Return a 404 Response for "no such page".
  void SetHostFallback(std::string host, Handler handler, RouteOptions options = {});

  // --- seeded faults (fault_plan.h) ---
  // Every request to `host` ("*": to any host without a plan of its own) is
  // first given its fault by `plan`, numbered from 0 in the order the server
  // reads requests (but for its spared paths). A 503 or a reset replaces the route's answer (its handler
  // is not called, fail_first counters do not move); a slow answer is the
  // route's, slow_ms later. Setting a host's plan again restarts its
  // numbering; a plan with every share 0 injects nothing.
  void SetFaultPlan(std::string host, FaultPlan plan);
  FaultCounts FaultsInjected() const;

  // --- request log ---
  std::vector<Request> Requests() const;
  std::vector<Request> RequestsTo(std::string_view host) const;
  // Most requests to `host` in flight at once since start or the last Clear().
  int MaxConcurrent(std::string_view host) const;
  void Clear();
  // Blocks until no request is in flight (a response can reach the client a
  // moment before its end time is logged). False on timeout.
  bool WaitForIdle(std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  // Blocks until at least n requests are logged and none is in flight.
  bool WaitForRequests(std::size_t n,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace nianbao::testing
