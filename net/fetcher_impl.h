// Fetcher::Impl, shared by fetcher.cpp (requests, scheduling, shutdown),
// fetcher_robots.cpp (the robots.txt cache) and fetcher_answers.cpp (what a
// finished transfer means). Internal to crawler/: include only from those.
//
// Invariants: every Job is in exactly one place — a host queue, a retry
// timer, or in flight as one Transfer — until Finish() erases it and calls
// its `done`. Transfers are keyed by id in transfers_ while libcurl runs
// them. Hosts are never erased (std::map nodes stay put). All on the io thread.
#pragma once

#include "net/fetcher.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cctype>
#include <chrono>
#include <deque>
#include <map>
#include <random>
#include <unordered_map>
#include <utility>

#include "net/address_policy.h"
#include "net/curl_multi.h"
#include "net/politeness.h"
#include "net/robots.h"
#include "net/transfer.h"
#include "net/url.h"

namespace nianbao::net {

namespace asio = boost::asio;
using boost::system::error_code;

namespace fetcher_internal {

struct Job {
  uint64_t id = 0;
  FetchRequest request;  // url/method/body of the current hop
  std::function<void(FetchResult)> done;
  FetchResult result;
  UnixMillis created = 0;
  int failures = 0;  // failed attempts so far (the retry budget)
  std::unique_ptr<asio::steady_timer> retry_timer;
  bool in_flight = false;
};

struct RobotsEntry {
  enum class State { kUnknown, kFetching, kReady, kUnreachable };
  State state = State::kUnknown;
  RobotsRules rules;
  UnixMillis expires = 0;     // kReady: refetch after this
  UnixMillis retry_at = 0;    // kUnreachable: refetch after this
  FetchErrorKind error_kind = FetchErrorKind::kRobots;  // kUnreachable: what the jobs fail with
  std::string error;
};

struct Host {
  explicit Host(asio::io_context& io, PolitenessLimits limits) : polite(limits), wake(io) {}
  HostPoliteness polite;
  std::deque<uint64_t> queue;  // job ids, oldest first
  asio::steady_timer wake;
  bool wake_armed = false;
  UnixMillis wake_at = 0;
};

}  // namespace fetcher_internal

class Fetcher::Impl : public std::enable_shared_from_this<Fetcher::Impl> {
 public:
  using Job = fetcher_internal::Job;
  using Host = fetcher_internal::Host;
  using RobotsEntry = fetcher_internal::RobotsEntry;

  static constexpr int kMaxRobotsRedirects = 5;
  static bool IsRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
  // Answers of the WAF/anti-bot systems seen on gov.cn hosts (notes/sites.md
  // §7.2): not worth retrying, the host is backing us off.
  static bool IsAntiBotStatus(int status) { return status == 412 || status == 512 || status == 521; }

  Impl(asio::io_context& io, FetcherOptions options, const Clock& clock)
      : io_(io), options_(std::move(options)), clock_(clock), rng_(std::random_device{}()) {}

  void Init() { status_ = Configure(); }
  void Fetch(FetchRequest request, DoneFn done);
  void Shutdown();

  size_t in_flight() const { return transfers_.size(); }
  size_t queued() const { return jobs_.size() - jobs_in_flight_; }
  const FetchStats& stats() const { return stats_; }
  const Status& status() const { return status_; }

 private:
  Status Configure();
  // Scheduling.
  void Enqueue(uint64_t job_id);
  void Pump(const std::string& host_name);
  void PumpAll();
  void WakeAt(const std::string& host_name, Host& host, UnixMillis at);
  // Whether politeness lets `host` start a transfer now; if not, arranges
  // to be pumped again when it may.
  bool MayStart(const std::string& host_name, Host& host, UnixMillis now);
  // What robots.txt says about `job`, the front of `host`'s queue. kFailed:
  // the job was popped and reported; kWait: robots.txt is being fetched.
  enum class RobotsGate { kAllowed, kWait, kFailed };
  RobotsGate CheckRobots(const std::string& host_name, Host& host, const Job& job, UnixMillis now);
  bool InScope(const std::string& host) const;
  Host& HostFor(const std::string& name);

  // Transfers.
  void StartJobTransfer(Job& job, const std::string& host_name);
  void StartRobotsTransfer(const std::string& origin, const std::string& url, int hops);
  // Ok, or why the transfer could not be started (the handle could not be
  // built or added); the cause goes into the job's or robots entry's error.
  Status Launch(std::unique_ptr<Transfer> t, const FetchRequest& spec);
  void OnTransferDone(uint64_t transfer_id, CurlEasyPtr easy, CURLcode code);
  void OnRobotsDone(Transfer& t, int status, CURLcode code);
  void OnJobDone(Transfer& t, int status, CURLcode code);
  void OnTransportError(Job& job, Transfer& t, CURLcode code);
  void OnHttpAnswer(Job& job, Transfer& t, int status);
  void HandleRedirect(Job& job, Transfer& t, int status);
  void RetryOrFail(Job& job, FetchErrorKind kind, std::string error, int64_t at_least_ms);

  // Completion.
  // Reports a failure. `transient`: a later attempt (next cycle) may succeed.
  void Fail(uint64_t job_id, FetchErrorKind kind, std::string error, bool transient = false);
  void Finish(uint64_t job_id);

  asio::io_context& io_;
  FetcherOptions options_;
  const Clock& clock_;
  Status status_;
  bool shut_down_ = false;
  std::mt19937_64 rng_;
  FetchStats stats_;
  uint64_t next_id_ = 1;
  size_t jobs_in_flight_ = 0;
  std::vector<ResolveEntry> resolve_entries_;
  CurlSlistPtr resolve_list_;
  EasyConfig easy_config_;
  std::unordered_map<uint64_t, Job> jobs_;
  std::map<std::string, Host> hosts_;
  std::unordered_map<std::string, RobotsEntry> robots_;
  std::unordered_map<uint64_t, std::unique_ptr<Transfer>> transfers_;
  // Last: destroyed first, while the transfers its handles point into live.
  std::unique_ptr<CurlMulti> multi_;
};

}  // namespace nianbao::net
