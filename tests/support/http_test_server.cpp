// HttpTestServer: Beast parses requests; responses are written as raw bytes
// so that fault modes (lying Content-Length, early close, RST, pacing) are
// exactly what the test asked for and not "corrected" by a serializer.
//
// One thread, one io_context, one C++20 coroutine per connection: a session
// reads a request head, logs it, picks a route, and writes. Stop() stops the
// io_context and destroys it, which destroys every suspended session frame
// (closing its socket); each frame's LogGuard then stamps the end time of its
// in-flight request, so the log is complete after Stop() without needing the
// sessions to run again.
#include <utility>  // before asio: Boost 1.74's awaitable.hpp uses std::exchange

// g++ 12 false positives in Boost 1.74 headers, so -Werror builds pass:
// -Wmismatched-new-delete on every asio::awaitable frame (asio gives the
// frame class its own operator new/delete pair), and -Wmaybe-uninitialized
// on boost::optional inside Beast's parser under -O2 with sanitizers.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "tests/support/http_test_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <zlib.h>

#include "tests/support/fixture_site.h"

namespace nianbao::testing {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kBodyLimit = 16 << 20;  // bounded request bodies
constexpr std::size_t kEndlessChunk = 16 << 10;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && Lower(a) == Lower(b);
}

// "Host: a.gov.cn:8080" -> "a.gov.cn"; "[::1]:80" -> "[::1]".
std::string HostWithoutPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    return Lower(host.substr(0, close == std::string_view::npos ? host.size() : close + 1));
  }
  return Lower(host.substr(0, host.find(':')));
}

std::optional<std::time_t> ParseHttpDate(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return std::nullopt;
  return timegm(&tm);
}

bool EtagListMatches(std::string_view list, std::string_view etag) {
  auto strip_weak = [](std::string_view t) {
    if (t.size() > 2 && t[0] == 'W' && t[1] == '/') t.remove_prefix(2);
    return t;
  };
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view tok = list.substr(0, comma);
    while (!tok.empty() && tok.front() == ' ') tok.remove_prefix(1);
    while (!tok.empty() && tok.back() == ' ') tok.remove_suffix(1);
    if (tok == "*" || strip_weak(tok) == strip_weak(etag)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// True when the conditional headers say the client's copy is current.
bool NotModified(const Request& req, const RouteOptions& opt) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  if (!opt.etag.empty() && req.HasHeader("If-None-Match")) {
    return EtagListMatches(req.Header("If-None-Match"), opt.etag);
  }
  if (!opt.last_modified.empty() && req.HasHeader("If-Modified-Since")) {
    auto since = ParseHttpDate(req.Header("If-Modified-Since"));
    auto modified = ParseHttpDate(opt.last_modified);
    return since && modified && *since >= *modified;
  }
  return false;
}

std::string ReasonPhrase(int status) {
  auto reason = http::obsolete_reason(static_cast<http::status>(status));
  return reason.empty() ? std::string("Status") : std::string(reason);
}

bool HasHeader(const HeaderList& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return IEquals(h.first, name); });
}

struct HeadSpec {
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  bool close = false;
};

std::string SerializeHead(const Response& r, const HeadSpec& spec) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + ReasonPhrase(r.status) + "\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  if (spec.chunked) {
    out += "Transfer-Encoding: chunked\r\n";
  } else if (spec.content_length && !HasHeader(r.headers, "Content-Length")) {
    out += "Content-Length: " + std::to_string(*spec.content_length) + "\r\n";
  }
  if (spec.close) out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}

bool BodyAllowed(int status, const std::string& method) {
  return method != "HEAD" && status != 204 && status != 304 && !(status >= 100 && status < 200);
}

// A gzip member expanding to N MiB of zeros, built from one deflate unit.
// After Z_FULL_FLUSH deflate forgets all history and is byte-aligned, so the
// compressed form of each further MiB of zeros is the same ~1 KB; repeating
// that unit gives one valid member of any size (every decoder reads it to the
// end, unlike concatenated members) while the server holds ~64 KB.
class GzipBomb {
 public:
  static constexpr std::uint64_t kUnitBytes = 1 << 20;
  static constexpr std::uint64_t kUnitsPerBatch = 64;

  static const GzipBomb& Get() {
    static const GzipBomb bomb;
    return bomb;
  }
  const std::string& header() const { return header_; }
  const std::string& unit() const { return unit_; }
  const std::string& unit_batch() const { return batch_; }
  std::uint64_t units_per_batch() const { return kUnitsPerBatch; }
  std::uint64_t CompressedSize(std::uint64_t units) const {
    return header_.size() + units * unit_.size() + final_block_.size() + 8;
  }
  // Final deflate block, CRC-32 and ISIZE of `units` MiB of zeros.
  std::string Trailer(std::uint64_t units) const {
    uLong crc = crc32(0, Z_NULL, 0);
    for (std::uint64_t i = 0; i < units; ++i) crc = crc32_combine(crc, unit_crc_, kUnitBytes);
    std::uint64_t size = units * kUnitBytes;
    std::string out = final_block_;
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((size >> (8 * i)) & 0xff));
    return out;
  }

 private:
  GzipBomb() {
    header_ = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    std::vector<unsigned char> zeros(kUnitBytes, 0);
    unit_crc_ = crc32(0, zeros.data(), static_cast<uInt>(zeros.size()));
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    unit_ = Deflate(zs, zeros.data(), zeros.size(), Z_FULL_FLUSH);
    final_block_ = Deflate(zs, nullptr, 0, Z_FINISH);
    deflateEnd(&zs);
    for (std::uint64_t i = 0; i < kUnitsPerBatch; ++i) batch_ += unit_;
  }
  static std::string Deflate(z_stream& zs, unsigned char* in, std::size_t n, int flush) {
    std::string out;
    unsigned char buf[16384];
    zs.next_in = in;
    zs.avail_in = static_cast<uInt>(n);
    do {
      zs.next_out = buf;
      zs.avail_out = sizeof buf;
      deflate(&zs, flush);
      out.append(reinterpret_cast<char*>(buf), sizeof buf - zs.avail_out);
    } while (zs.avail_out == 0);
    return out;
  }

  std::string header_, unit_, final_block_, batch_;
  uLong unit_crc_ = 0;
};

}  // namespace

// ---------------------------------------------------------------- Request/Response

std::string Request::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return v;
  }
  return "";
}

bool Request::HasHeader(std::string_view name) const {
  return testing::HasHeader(headers, name);
}

Response& Response::With(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response Response::Typed(std::string content_type, std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}
Response Response::Html(std::string body, int status) {
  return Typed("text/html; charset=utf-8", std::move(body), status);
}
Response Response::Text(std::string body, int status) {
  return Typed("text/plain; charset=utf-8", std::move(body), status);
}
Response Response::Redirect(std::string location, int status) {
  return Html("<a href=\"" + location + "\">moved</a>", status).With("Location", location);
}
Response Response::NotFound() { return Html("<h1>404 Not Found</h1>", 404); }
Response Response::ServiceUnavailable(int retry_after_s) {
  return Html("<h1>503 Service Unavailable</h1>", 503)
      .With("Retry-After", std::to_string(retry_after_s));
}
Response Response::TooManyRequests(int retry_after_s) {
  return Html("<h1>429 Too Many Requests</h1>", 429)
      .With("Retry-After", std::to_string(retry_after_s));
}

// ---------------------------------------------------------------- Impl

namespace {

struct RouteEntry {
  std::string method;  // "*" = any
  std::string path;
  Match match = Match::kPath;
  std::optional<Response> response;  // static route, or ...
  Handler handler;                   // ... handler route
  RouteOptions options;
  std::atomic<int> hits{0};
};
using RoutePtr = std::shared_ptr<RouteEntry>;

struct HostTable {
  std::vector<RoutePtr> routes;
  std::optional<Response> not_found;
  RoutePtr fallback;  // directory site or SetHostFallback
};

struct Ranked {
  RoutePtr route;
  int rank = -1;
  std::size_t prefix_len = 0;
  bool exact_method = false;
  bool Beats(const Ranked& o) const {
    if (rank != o.rank) return rank > o.rank;
    if (prefix_len != o.prefix_len) return prefix_len > o.prefix_len;
    return exact_method && !o.exact_method;
  }
};

Ranked FindIn(const HostTable& table, const Request& req) {
  Ranked best;
  for (const RoutePtr& r : table.routes) {
    bool method_ok = r->method == "*" || r->method == req.method ||
                     (req.method == "HEAD" && r->method == "GET");
    if (!method_ok) continue;
    Ranked c{r, -1, 0, r->method == req.method};
    switch (r->match) {
      case Match::kExact:
        if (r->path == req.target) c.rank = 3;
        break;
      case Match::kPath:
        if (r->path == req.path) c.rank = 2;
        break;
      case Match::kPrefix:
        if (req.path.compare(0, r->path.size(), r->path) == 0) {
          c.rank = 1;
          c.prefix_len = r->path.size();
        }
        break;
    }
    if (c.rank >= 0 && c.Beats(best)) best = c;
  }
  return best;
}

// What a session should do for one request.
struct Plan {
  Response response;
  RouteOptions options;
  bool reset = false;
};

}  // namespace

class HttpTestServer::Impl {
 public:
  explicit Impl(Options options);
  ~Impl() { Stop(); }

  void Stop();
  Status status() const { return status_; }
  int port() const { return port_; }

  void AddRoute(std::string host, RoutePtr route);
  void SetNotFound(std::string host, Response response);
  void SetFallback(std::string host, RoutePtr route);
  void SetFaultPlan(std::string host, FaultPlan plan);
  FaultCounts FaultsInjected() const;

  std::vector<Request> Requests() const;
  std::vector<Request> RequestsTo(std::string_view host) const;
  int MaxConcurrent(std::string_view host) const;
  void Clear();
  bool WaitForRequests(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct HostCount {
    int in_flight = 0;
    int max = 0;
  };
  // Stamps a request's end time when the session is done with it, however
  // the session ends (normal return, error, or frame destroyed by Stop).
  class LogGuard {
   public:
    LogGuard(Impl* impl, std::uint64_t seq) : impl_(impl), seq_(seq) {}
    ~LogGuard() { Finish(); }
    LogGuard(const LogGuard&) = delete;
    LogGuard& operator=(const LogGuard&) = delete;
    void set_status(int s) { status_ = s; }
    std::uint64_t seq() const { return seq_; }
    void Finish() {
      if (impl_ != nullptr) impl_->EndRequest(seq_, status_);
      impl_ = nullptr;
    }

   private:
    Impl* impl_;
    std::uint64_t seq_;
    int status_ = 0;
  };

  std::int64_t NowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0_).count();
  }
  // Logs `req` as in flight and sets its start_ms; returns its sequence number.
  std::uint64_t BeginRequest(Request& req);
  void SetBody(std::uint64_t seq, const std::string& body);
  void EndRequest(std::uint64_t seq, int status);
  Plan Resolve(const Request& req);
  Plan ResolveRoute(const Request& req);  // the route's answer, without a planned fault
  // The fault the plan for `host` (or "*") gives its next request, counted.
  PlannedFault NextFault(const Request& req, int* slow_ms);

  asio::awaitable<void> Accept(tcp::acceptor acceptor);
  asio::awaitable<void> Session(tcp::socket socket, std::uint64_t conn_id);
  // Serves one request; returns whether the connection may be reused.
  asio::awaitable<bool> Serve(tcp::socket& socket, asio::steady_timer& timer, const Request& req,
                              Plan plan, bool keep_alive, LogGuard& guard);
  asio::awaitable<bool> WriteEndless(tcp::socket& socket, asio::steady_timer& timer,
                                     const RouteOptions& opt);
  asio::awaitable<bool> WriteGzipBomb(tcp::socket& socket, std::uint64_t bytes);

  const Clock::time_point t0_ = Clock::now();
  Status status_;
  int port_ = 0;
  std::uint64_t next_conn_ = 0;  // server thread only

  mutable std::mutex routes_mu_;
  std::map<std::string, HostTable, std::less<>> hosts_;
  struct PlanState {
    FaultPlan plan;
    std::uint64_t next = 0;  // the number of the plan's next request
  };
  std::map<std::string, PlanState, std::less<>> fault_plans_;
  FaultCounts faults_;

  mutable std::mutex log_mu_;
  mutable std::condition_variable log_cv_;
  std::vector<Request> log_;
  std::uint64_t log_base_ = 0;  // sequence number of log_[0]
  std::uint64_t next_seq_ = 0;
  std::map<std::string, HostCount, std::less<>> counts_;
  std::map<std::uint64_t, std::string> in_flight_;  // seq -> host

  std::mutex stop_mu_;
  std::unique_ptr<asio::io_context> io_;
  std::thread thread_;
};

HttpTestServer::Impl::Impl(Options options) : io_(std::make_unique<asio::io_context>(1)) {
  boost::system::error_code ec;
  tcp::acceptor acceptor(*io_);
  tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(options.port));
  acceptor.open(ep.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(ep, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    status_ = IoError("test server: cannot listen on 127.0.0.1:" + std::to_string(options.port) +
                      ": " + ec.message());
    io_.reset();
    return;
  }
  port_ = acceptor.local_endpoint().port();
  asio::co_spawn(*io_, Accept(std::move(acceptor)), asio::detached);
  thread_ = std::thread([io = io_.get()] { io->run(); });
}

void HttpTestServer::Impl::Stop() {
  std::lock_guard<std::mutex> lock(stop_mu_);
  if (!io_) return;
  io_->stop();
  if (thread_.joinable()) thread_.join();
  io_.reset();  // destroys suspended sessions: sockets close, LogGuards stamp end times
}

asio::awaitable<void> HttpTestServer::Impl::Accept(tcp::acceptor acceptor) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {  // e.g. EMFILE: back off instead of spinning
      asio::steady_timer t(acceptor.get_executor(), std::chrono::milliseconds(10));
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(acceptor.get_executor(), Session(std::move(socket), ++next_conn_), asio::detached);
  }
}

asio::awaitable<void> HttpTestServer::Impl::Session(tcp::socket socket, std::uint64_t conn_id) {
  boost::beast::flat_buffer buffer;
  asio::steady_timer timer(socket.get_executor());
  for (;;) {
    boost::system::error_code ec;
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    co_await http::async_read_header(socket, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    Request req;
    {
      const auto& head = parser.get();
      req.method = std::string(head.method_string());
      req.target = std::string(head.target());
      auto q = req.target.find('?');
      req.path = req.target.substr(0, q);
      if (q != std::string::npos) req.query = req.target.substr(q + 1);
      for (const auto& field : head) {
        req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      req.host = HostWithoutPort(req.Header("Host"));
      req.connection_id = conn_id;
    }
    LogGuard guard(this, BeginRequest(req));
    if (IEquals(req.Header("Expect"), "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(socket, asio::buffer(kContinue),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    if (!parser.is_done()) {
      co_await http::async_read(socket, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    req.body = parser.get().body();
    SetBody(guard.seq(), req.body);
    bool keep_alive = parser.get().keep_alive();
    Plan plan = Resolve(req);
    keep_alive = co_await Serve(socket, timer, req, std::move(plan), keep_alive, guard);
    guard.Finish();
    if (!keep_alive) break;
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

asio::awaitable<bool> HttpTestServer::Impl::Serve(tcp::socket& socket, asio::steady_timer& timer,
                                                  const Request& req, Plan plan, bool keep_alive,
                                                  LogGuard& guard) {
  boost::system::error_code ec;
  const RouteOptions& opt = plan.options;
  auto wait = [&](int ms) -> asio::awaitable<bool> {
    timer.expires_after(std::chrono::milliseconds(ms));
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  };
  if (opt.delay_ms > 0 && !co_await wait(opt.delay_ms)) co_return false;
  if (plan.reset) {
    socket.set_option(asio::socket_base::linger(true, 0), ec);
    socket.close(ec);  // with linger 0 the kernel sends RST
    co_return false;
  }
  keep_alive = keep_alive && !opt.close_connection;
  Response& r = plan.response;
  guard.set_status(r.status);
  if (opt.fault == FaultMode::kRaw) {
    co_await asio::async_write(socket, asio::buffer(r.body), asio::redirect_error(asio::use_awaitable, ec));
    co_return false;
  }
  if (opt.fault == FaultMode::kEndlessBody) {
    std::string head = SerializeHead(r, {std::nullopt, true, true});
    co_await asio::async_write(socket, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) co_await WriteEndless(socket, timer, opt);
    co_return false;
  }
  if (opt.fault == FaultMode::kGzipBomb) {
    const GzipBomb& bomb = GzipBomb::Get();
    std::uint64_t units = (opt.gzip_bomb_bytes + GzipBomb::kUnitBytes - 1) / GzipBomb::kUnitBytes;
    std::string head = SerializeHead(r, {bomb.CompressedSize(units), false, !keep_alive});
    co_await asio::async_write(socket, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
    if (req.method != "HEAD" && !co_await WriteGzipBomb(socket, units)) co_return false;
    co_return keep_alive;
  }
  const bool with_body = BodyAllowed(r.status, req.method);
  std::string head = SerializeHead(r, {r.body.size(), false, !keep_alive ||
                                                             opt.fault == FaultMode::kCloseAfterHeaders});
  if (opt.fault == FaultMode::kCloseAfterHeaders) {
    co_await asio::async_write(socket, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
    co_return false;
  }
  if (!with_body) r.body.clear();
  if (opt.slow_chunk_bytes == 0 || r.body.empty()) {
    std::array<asio::const_buffer, 2> bufs{asio::buffer(head), asio::buffer(r.body)};
    co_await asio::async_write(socket, bufs, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec && keep_alive;
  }
  co_await asio::async_write(socket, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
  for (std::size_t off = 0; !ec && off < r.body.size(); off += opt.slow_chunk_bytes) {
    if (off > 0 && opt.slow_interval_ms > 0 && !co_await wait(opt.slow_interval_ms)) co_return false;
    std::size_t n = std::min(opt.slow_chunk_bytes, r.body.size() - off);
    co_await asio::async_write(socket, asio::buffer(r.body.data() + off, n),
                               asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return !ec && keep_alive;
}

asio::awaitable<bool> HttpTestServer::Impl::WriteEndless(tcp::socket& socket,
                                                         asio::steady_timer& timer,
                                                         const RouteOptions& opt) {
  std::string chunk;
  {
    std::string data;
    while (data.size() < kEndlessChunk) data += "<li>endless 无尽 page</li>\n";
    data.resize(kEndlessChunk);
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", data.size());
    chunk = size_line + data + "\r\n";
  }
  boost::system::error_code ec;
  for (;;) {  // ends when the client goes away (write error) or Stop() destroys us
    co_await asio::async_write(socket, asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
    if (opt.endless_interval_ms > 0) {
      timer.expires_after(std::chrono::milliseconds(opt.endless_interval_ms));
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return false;
    }
  }
}

asio::awaitable<bool> HttpTestServer::Impl::WriteGzipBomb(tcp::socket& socket, std::uint64_t units) {
  const GzipBomb& bomb = GzipBomb::Get();
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(bomb.header()), asio::redirect_error(asio::use_awaitable, ec));
  // Send the repeated deflate unit in batches to keep the syscall count low.
  const std::string& batch = bomb.unit_batch();
  const std::uint64_t per_batch = bomb.units_per_batch();
  std::uint64_t left = units;
  while (!ec && left > 0) {
    std::uint64_t n = std::min(left, per_batch);
    co_await asio::async_write(socket, asio::buffer(batch.data(), n * bomb.unit().size()),
                               asio::redirect_error(asio::use_awaitable, ec));
    left -= n;
  }
  if (ec) co_return false;
  std::string trailer = bomb.Trailer(units);
  co_await asio::async_write(socket, asio::buffer(trailer), asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

PlannedFault HttpTestServer::Impl::NextFault(const Request& req, int* slow_ms) {
  std::lock_guard<std::mutex> lock(routes_mu_);
  auto it = fault_plans_.find(req.host);
  if (it == fault_plans_.end()) it = fault_plans_.find(std::string_view("*"));
  if (it == fault_plans_.end() || it->second.plan.Spares(req.path)) return PlannedFault::kNone;
  const PlannedFault fault = it->second.plan.For(it->second.next++);
  ++faults_.requests;
  faults_.unavailable += fault == PlannedFault::kUnavailable;
  faults_.reset += fault == PlannedFault::kReset;
  faults_.slow += fault == PlannedFault::kSlow;
  *slow_ms = fault == PlannedFault::kSlow ? it->second.plan.slow_ms : 0;
  return fault;
}

void HttpTestServer::Impl::SetFaultPlan(std::string host, FaultPlan plan) {
  std::lock_guard<std::mutex> lock(routes_mu_);
  fault_plans_[Lower(host)] = PlanState{plan, 0};
}

FaultCounts HttpTestServer::Impl::FaultsInjected() const {
  std::lock_guard<std::mutex> lock(routes_mu_);
  return faults_;
}

Plan HttpTestServer::Impl::Resolve(const Request& req) {
  int slow_ms = 0;
  const PlannedFault fault = NextFault(req, &slow_ms);
  if (fault == PlannedFault::kUnavailable || fault == PlannedFault::kReset) {
    Plan faulted;
    faulted.reset = fault == PlannedFault::kReset;
    faulted.response = Response::Html("<h1>503 Service Unavailable</h1>", 503);
    return faulted;
  }
  Plan plan = ResolveRoute(req);
  plan.options.delay_ms += slow_ms;
  return plan;
}

Plan HttpTestServer::Impl::ResolveRoute(const Request& req) {
  RoutePtr route;
  bool is_fallback = false;
  std::optional<Response> not_found;
  {
    std::lock_guard<std::mutex> lock(routes_mu_);
    auto own = hosts_.find(req.host);
    auto any = hosts_.find(std::string_view("*"));
    Ranked best;
    if (own != hosts_.end()) best = FindIn(own->second, req);
    if (!best.route && any != hosts_.end()) best = FindIn(any->second, req);
    route = best.route;
    if (!route && own != hosts_.end()) {
      route = own->second.fallback;
      is_fallback = route != nullptr;
    }
    if (own != hosts_.end() && own->second.not_found) {
      not_found = own->second.not_found;
    } else if (any != hosts_.end() && any->second.not_found) {
      not_found = any->second.not_found;
    }
  }
  Plan plan;
  if (!route) {
    plan.response = not_found ? *not_found : Response::NotFound();
    return plan;
  }
  plan.options = route->options;
  if (route->hits.fetch_add(1) < route->options.fail_first) {
    plan.reset = route->options.fail_by_reset;
    plan.response = Response::Html("", route->options.fail_status);
    plan.options.fault = FaultMode::kNone;
    return plan;
  }
  plan.reset = plan.options.fault == FaultMode::kReset;
  if (route->response) {
    plan.response = *route->response;
  } else {
    // A throwing handler would otherwise end the session silently.
    try {
      plan.response = route->handler(req);
    } catch (const std::exception& e) {
      plan.response = Response::Text(std::string("handler threw: ") + e.what(), 500);
    } catch (...) {
      plan.response = Response::Text("handler threw", 500);
    }
  }
  if (is_fallback && plan.response.status == 404 && not_found) plan.response = *not_found;
  const RouteOptions& opt = route->options;
  if (!opt.etag.empty()) plan.response.headers.emplace_back("ETag", opt.etag);
  if (!opt.last_modified.empty()) plan.response.headers.emplace_back("Last-Modified", opt.last_modified);
  if (NotModified(req, opt)) {
    plan.response.status = 304;
    plan.response.body.clear();
    std::erase_if(plan.response.headers, [](const auto& h) {
      return IEquals(h.first, "Content-Type") || IEquals(h.first, "Content-Length");
    });
  }
  if (opt.fault == FaultMode::kGzipBomb) {
    plan.response.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Encoding", "gzip"}};
  }
  return plan;
}

// ---------------------------------------------------------------- routes

void HttpTestServer::Impl::AddRoute(std::string host, RoutePtr route) {
  std::lock_guard<std::mutex> lock(routes_mu_);
  auto& routes = hosts_[Lower(host)].routes;
  std::erase_if(routes, [&](const RoutePtr& r) {
    return r->method == route->method && r->path == route->path && r->match == route->match;
  });
  routes.push_back(std::move(route));
}

void HttpTestServer::Impl::SetNotFound(std::string host, Response response) {
  std::lock_guard<std::mutex> lock(routes_mu_);
  hosts_[Lower(host)].not_found = std::move(response);
}

void HttpTestServer::Impl::SetFallback(std::string host, RoutePtr route) {
  std::lock_guard<std::mutex> lock(routes_mu_);
  hosts_[Lower(host)].fallback = std::move(route);
}

// ---------------------------------------------------------------- log

std::uint64_t HttpTestServer::Impl::BeginRequest(Request& req) {
  std::lock_guard<std::mutex> lock(log_mu_);
  req.start_ms = NowMs();
  req.end_ms = -1;
  HostCount& count = counts_[req.host];
  count.in_flight++;
  count.max = std::max(count.max, count.in_flight);
  std::uint64_t seq = next_seq_++;
  in_flight_.emplace(seq, req.host);
  log_.push_back(req);
  return seq;
}

void HttpTestServer::Impl::SetBody(std::uint64_t seq, const std::string& body) {
  std::lock_guard<std::mutex> lock(log_mu_);
  if (seq >= log_base_ && seq - log_base_ < log_.size()) log_[seq - log_base_].body = body;
}

void HttpTestServer::Impl::EndRequest(std::uint64_t seq, int status) {
  {
    std::lock_guard<std::mutex> lock(log_mu_);
    auto it = in_flight_.find(seq);
    if (it == in_flight_.end()) return;
    counts_[it->second].in_flight--;
    in_flight_.erase(it);
    if (seq >= log_base_ && seq - log_base_ < log_.size()) {
      Request& r = log_[seq - log_base_];
      r.end_ms = NowMs();
      r.status = status;
    }
  }
  log_cv_.notify_all();
}

std::vector<Request> HttpTestServer::Impl::Requests() const {
  std::lock_guard<std::mutex> lock(log_mu_);
  return log_;
}

std::vector<Request> HttpTestServer::Impl::RequestsTo(std::string_view host) const {
  std::string want = Lower(host);
  std::lock_guard<std::mutex> lock(log_mu_);
  std::vector<Request> out;
  for (const Request& r : log_) {
    if (r.host == want) out.push_back(r);
  }
  return out;
}

int HttpTestServer::Impl::MaxConcurrent(std::string_view host) const {
  std::lock_guard<std::mutex> lock(log_mu_);
  auto it = counts_.find(Lower(host));
  return it == counts_.end() ? 0 : it->second.max;
}

void HttpTestServer::Impl::Clear() {
  std::lock_guard<std::mutex> lock(log_mu_);
  log_base_ = next_seq_;
  log_.clear();
  for (auto& [host, count] : counts_) count.max = count.in_flight;
}

bool HttpTestServer::Impl::WaitForRequests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(log_mu_);
  return log_cv_.wait_for(lock, timeout, [&] { return log_.size() >= n && in_flight_.empty(); });
}

// ---------------------------------------------------------------- public API

HttpTestServer::HttpTestServer() : HttpTestServer(Options{}) {}
HttpTestServer::HttpTestServer(Options options) : impl_(std::make_unique<Impl>(options)) {}
HttpTestServer::~HttpTestServer() = default;

Status HttpTestServer::status() const { return impl_->status(); }
int HttpTestServer::port() const { return impl_->port(); }
std::string HttpTestServer::BaseUrl(std::string_view host) const {
  return "http://" + std::string(host) + ":" + std::to_string(port());
}
std::string HttpTestServer::Url(std::string_view host, std::string_view target) const {
  return BaseUrl(host) + std::string(target);
}
void HttpTestServer::Stop() { impl_->Stop(); }

void HttpTestServer::Add(std::string host, std::string method, std::string path, Response response,
                         RouteOptions options, Match match) {
  auto r = std::make_shared<RouteEntry>();
  r->method = std::move(method);
  r->path = std::move(path);
  r->match = match;
  r->response = std::move(response);
  r->options = std::move(options);
  impl_->AddRoute(std::move(host), std::move(r));
}

void HttpTestServer::Add(std::string host, std::string method, std::string path, Handler handler,
                         RouteOptions options, Match match) {
  auto r = std::make_shared<RouteEntry>();
  r->method = std::move(method);
  r->path = std::move(path);
  r->match = match;
  r->handler = std::move(handler);
  r->options = std::move(options);
  impl_->AddRoute(std::move(host), std::move(r));
}

void HttpTestServer::Get(std::string host, std::string path, Response response, RouteOptions options) {
  Add(std::move(host), "GET", std::move(path), std::move(response), std::move(options));
}

void HttpTestServer::Get(std::string host, std::string path, Handler handler, RouteOptions options) {
  Add(std::move(host), "GET", std::move(path), std::move(handler), std::move(options));
}

void HttpTestServer::Any(std::string host, std::string path, Handler handler, RouteOptions options,
                         Match match) {
  Add(std::move(host), "*", std::move(path), std::move(handler), std::move(options), match);
}

void HttpTestServer::SetNotFound(std::string host, Response response) {
  impl_->SetNotFound(std::move(host), std::move(response));
}

void HttpTestServer::SetFaultPlan(std::string host, FaultPlan plan) { impl_->SetFaultPlan(std::move(host), plan); }
FaultCounts HttpTestServer::FaultsInjected() const { return impl_->FaultsInjected(); }

void HttpTestServer::SetHostFallback(std::string host, Handler handler, RouteOptions options) {
  auto r = std::make_shared<RouteEntry>();
  r->method = "*";
  r->match = Match::kPrefix;
  r->handler = std::move(handler);
  r->options = std::move(options);
  impl_->SetFallback(std::move(host), std::move(r));
}

Status HttpTestServer::AddSiteFromDirectory(std::string host, const std::string& dir,
                                            RouteOptions options) {
  auto site = DirectorySite::Scan(dir);
  if (!site.ok()) return site.status();
  std::shared_ptr<const DirectorySite> shared = std::move(site).value();
  // A 404 from a fallback is replaced by the host's SetNotFound answer.
  SetHostFallback(std::move(host), [shared](const Request& req) {
    auto r = shared->Serve(req.path, req.query);
    return r ? *r : Response::NotFound();
  }, std::move(options));
  return Status::Ok();
}

std::vector<Request> HttpTestServer::Requests() const { return impl_->Requests(); }
std::vector<Request> HttpTestServer::RequestsTo(std::string_view host) const {
  return impl_->RequestsTo(host);
}
int HttpTestServer::MaxConcurrent(std::string_view host) const { return impl_->MaxConcurrent(host); }
void HttpTestServer::Clear() { impl_->Clear(); }
bool HttpTestServer::WaitForIdle(std::chrono::milliseconds timeout) const {
  return impl_->WaitForRequests(0, timeout);
}
bool HttpTestServer::WaitForRequests(std::size_t n, std::chrono::milliseconds timeout) const {
  return impl_->WaitForRequests(n, timeout);
}

}  // namespace nianbao::testing
