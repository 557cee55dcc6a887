// The Fetcher is a scheduler around CurlMulti. A request becomes a Job; a
// Job waits in its host's queue until robots.txt for its origin is known and
// the host's politeness allows a start, then runs as one Transfer per
// attempt or redirect hop. Everything is keyed by ids (jobs, transfers,
// host names), and every timer handler holds a weak_ptr to the Impl and
// looks its key up again, so a finished or cancelled job is simply absent.
#include "net/fetcher_impl.h"

namespace nianbao::net {

Status Fetcher::Impl::Configure() {
  multi_ = std::make_unique<CurlMulti>(io_);
  std::set<std::string> hosts;
  for (const std::string& h : options_.allowed_hosts) {
    std::string lower = h;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    hosts.insert(lower);
  }
  options_.allowed_hosts = std::move(hosts);
  for (const std::string& entry : options_.resolve) {
    Result<ResolveEntry> parsed = ParseResolveEntry(entry);
    if (!parsed.ok()) return parsed.status();
    resolve_entries_.push_back(*parsed);
    if (!AppendHeader(resolve_list_, entry.c_str())) return Internal("curl_slist_append failed");
  }
  easy_config_.user_agent = options_.user_agent;
  easy_config_.timeout_ms = options_.timeout_ms > 0 ? static_cast<long>(options_.timeout_ms)
                                                   : static_cast<long>(options_.timeout_s) * 1000;
  easy_config_.connect_timeout_ms = static_cast<long>(options_.connect_timeout_s) * 1000;
  easy_config_.low_speed_limit = options_.low_speed_limit;
  easy_config_.low_speed_time_s = options_.low_speed_time_s;
  easy_config_.resolve = resolve_list_.get();
  return Status::Ok();
}

void Fetcher::Impl::Fetch(FetchRequest request, DoneFn done) {
  uint64_t id = next_id_++;
  Job& job = jobs_[id];
  job.id = id;
  job.done = std::move(done);
  job.created = clock_.Now();
  job.result.tag = request.tag;
  job.result.url = request.url;
  job.request = std::move(request);
  // Failures are reported from a posted handler so `done` never runs inside Fetch.
  auto fail_later = [this, id](FetchErrorKind kind, std::string error, bool transient = false) {
    std::weak_ptr<Impl> weak = weak_from_this();
    asio::post(io_, [weak, id, kind, transient, error = std::move(error)]() mutable {
      if (auto self = weak.lock()) self->Fail(id, kind, std::move(error), transient);
    });
  };
  if (shut_down_) return fail_later(kErrCancelled, "fetcher shut down", true);
  if (!status_.ok()) return fail_later(kErrOther, status_.message());
  Result<std::string> url = NormalizeUrl(job.request.url);
  if (!url.ok()) return fail_later(kErrScope, url.status().message());
  job.request.url = *url;
  job.result.url = *url;
  std::weak_ptr<Impl> weak = weak_from_this();
  asio::post(io_, [weak, id] {
    if (auto self = weak.lock()) self->Enqueue(id);
  });
}

bool Fetcher::Impl::InScope(const std::string& host) const {
  return options_.allowed_hosts.empty() || options_.allowed_hosts.count(host) > 0;
}

Fetcher::Impl::Host& Fetcher::Impl::HostFor(const std::string& name) {
  auto it = hosts_.find(name);
  if (it != hosts_.end()) return it->second;
  PolitenessLimits limits;
  limits.per_host_connections = options_.per_host_connections;
  limits.delay_ms = options_.per_host_delay_ms;
  limits.max_crawl_delay_ms = options_.max_crawl_delay_ms;
  limits.max_penalty_ms = options_.max_penalty_ms;
  return hosts_.try_emplace(name, io_, limits).first->second;
}

void Fetcher::Impl::Enqueue(uint64_t job_id) {
  auto it = jobs_.find(job_id);
  if (it == jobs_.end() || shut_down_) return;
  Job& job = it->second;
  Result<std::string> host = HostOf(job.request.url);
  if (!host.ok()) return Fail(job_id, kErrScope, host.status().message());
  if (!InScope(*host)) {
    return Fail(job_id, kErrScope, "host " + *host + " is not in scope: " + job.request.url);
  }
  HostFor(*host).queue.push_back(job_id);
  Pump(*host);
}

void Fetcher::Impl::PumpAll() {
  for (auto& [name, host] : hosts_) {
    if (!host.queue.empty()) Pump(name);
  }
}

void Fetcher::Impl::WakeAt(const std::string& host_name, Host& host, UnixMillis at) {
  if (host.wake_armed && host.wake_at <= at) return;
  host.wake_armed = true;
  host.wake_at = at;
  host.wake.expires_after(std::chrono::milliseconds(std::max<int64_t>(0, at - clock_.Now())));
  std::weak_ptr<Impl> weak = weak_from_this();
  host.wake.async_wait([weak, host_name](const error_code& ec) {
    if (ec == asio::error::operation_aborted) return;
    auto self = weak.lock();
    if (!self) return;
    auto it = self->hosts_.find(host_name);
    if (it == self->hosts_.end()) return;
    it->second.wake_armed = false;
    self->Pump(host_name);
  });
}

bool Fetcher::Impl::MayStart(const std::string& host_name, Host& host, UnixMillis now) {
  if (host.polite.CanStart(now)) return true;
  // Only the gap is in the way: wake up when it has passed. Otherwise the
  // connection limit is, and a finishing transfer pumps this host.
  if (host.polite.in_flight() < std::max(1, options_.per_host_connections)) {
    WakeAt(host_name, host, host.polite.NextStart());
  }
  return false;
}

void Fetcher::Impl::Pump(const std::string& host_name) {
  Host& host = HostFor(host_name);
  while (!host.queue.empty() && !shut_down_) {
    if (transfers_.size() >= static_cast<size_t>(std::max(1, options_.max_connections))) return;
    auto jit = jobs_.find(host.queue.front());
    if (jit == jobs_.end()) {
      host.queue.pop_front();
      continue;
    }
    Job& job = jit->second;
    UnixMillis now = clock_.Now();
    if (options_.respect_robots) {
      RobotsGate gate = CheckRobots(host_name, host, job, now);
      if (gate == RobotsGate::kFailed) continue;  // popped and reported
      if (gate == RobotsGate::kWait) return;
    }
    if (!MayStart(host_name, host, now)) return;
    host.queue.pop_front();
    StartJobTransfer(job, host_name);
  }
}

void Fetcher::Impl::StartJobTransfer(Job& job, const std::string& host_name) {
  auto t = std::make_unique<Transfer>();
  t->job_id = job.id;
  t->url = job.request.url;
  t->host = host_name;
  t->max_body = options_.max_body_bytes;
  const FetchRequest& spec = job.request;
  ++job.result.attempts;
  job.in_flight = true;
  ++jobs_in_flight_;
  if (Status launched = Launch(std::move(t), spec); !launched.ok()) {
    job.in_flight = false;
    --jobs_in_flight_;
    Fail(job.id, kErrOther, "cannot start transfer for " + spec.url + ": " + launched.message());
  }
}

// Registers `t`, builds its handle and hands it to curl. The address gate
// lets a private peer through only when `resolve` pins this host:port to
// exactly that address, or allow_private is set.
Status Fetcher::Impl::Launch(std::unique_ptr<Transfer> t, const FetchRequest& spec) {
  Result<int> port = PortOf(spec.url);
  std::optional<std::string> pinned =
      port.ok() ? PinnedAddress(resolve_entries_, t->host, *port) : std::nullopt;
  bool allow_private = options_.allow_private;
  t->gate.allow = [allow_private, pinned](const sockaddr* addr) {
    if (allow_private || !IsPrivateAddress(addr)) return true;
    return pinned.has_value() && *pinned == AddressText(addr);
  };
  // Raw `this` is safe: libcurl calls this only inside our own calls into it.
  t->on_sent = [this, host = t->host] { HostFor(host).polite.OnSent(clock_.Now()); };
  Result<CurlEasyPtr> easy = MakeEasy(*t, easy_config_, spec);
  if (!easy.ok()) return easy.status();
  multi_->Attach(easy->get(), &t->gate);
  uint64_t id = next_id_++;
  t->id = id;
  t->started = clock_.Now();
  Transfer& ref = *t;
  transfers_[id] = std::move(t);
  std::weak_ptr<Impl> weak = weak_from_this();
  Status st = multi_->Add(std::move(*easy), [weak, id](CurlEasyPtr e, CURLcode code) {
    if (auto self = weak.lock()) self->OnTransferDone(id, std::move(e), code);
  });
  if (!st.ok()) {
    transfers_.erase(id);
    return st;
  }
  HostFor(ref.host).polite.OnStart(ref.started);
  ++stats_.transfers;
  return Status::Ok();
}

void Fetcher::Impl::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  for (auto& [id, t] : transfers_) {
    if (t->easy != nullptr) multi_->Remove(t->easy);  // frees the handle
  }
  transfers_.clear();
  for (auto& [name, host] : hosts_) {
    error_code ec;
    host.wake.cancel(ec);
    host.queue.clear();
  }
  std::vector<uint64_t> ids;
  for (auto& [id, job] : jobs_) ids.push_back(id);
  for (uint64_t id : ids) Fail(id, kErrCancelled, "fetcher shut down", /*transient=*/true);
}

Fetcher::Fetcher(asio::io_context& io, FetcherOptions options, const Clock& clock)
    : impl_(std::make_shared<Impl>(io, std::move(options), clock)) {
  impl_->Init();
}

Fetcher::~Fetcher() = default;

Status Fetcher::status() const { return impl_->status(); }

void Fetcher::Fetch(FetchRequest request, DoneFn done) { impl_->Fetch(std::move(request), std::move(done)); }

void Fetcher::Shutdown() {
  std::shared_ptr<Impl> keep = impl_;  // a `done` may destroy this Fetcher
  keep->Shutdown();
}

size_t Fetcher::in_flight() const { return impl_->in_flight(); }
size_t Fetcher::queued() const { return impl_->queued(); }
FetchStats Fetcher::stats() const { return impl_->stats(); }

}  // namespace nianbao::net
