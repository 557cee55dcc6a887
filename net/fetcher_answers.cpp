// What a finished transfer means for its job: success, a redirect hop to
// re-check and re-queue, a retry after backoff, or a final failure with a
// kind. Retries go back through the host queue so politeness still applies.
#include "net/fetcher_impl.h"

namespace nianbao::net {

void Fetcher::Impl::OnTransferDone(uint64_t transfer_id, CurlEasyPtr easy, CURLcode code) {
  auto it = transfers_.find(transfer_id);
  if (it == transfers_.end()) return;
  std::unique_ptr<Transfer> t = std::move(it->second);
  transfers_.erase(it);
  long status = 0;
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
  easy.reset();
  t->easy = nullptr;
  HostFor(t->host).polite.OnFinish();
  if (t->robots) {
    OnRobotsDone(*t, static_cast<int>(status), code);
  } else {
    OnJobDone(*t, static_cast<int>(status), code);
  }
  PumpAll();
}

void Fetcher::Impl::OnJobDone(Transfer& t, int status, CURLcode code) {
  auto it = jobs_.find(t.job_id);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  job.in_flight = false;
  --jobs_in_flight_;
  job.result.final_url = t.url;
  job.result.http_status = status;
  if (code != CURLE_OK) return OnTransportError(job, t, code);
  OnHttpAnswer(job, t, status);
}

void Fetcher::Impl::OnTransportError(Job& job, Transfer& t, CURLcode code) {
  if (t.body_limit_hit || code == CURLE_FILESIZE_EXCEEDED) {
    return Fail(job.id, kErrLimit,
                "body larger than " + std::to_string(options_.max_body_bytes) + " bytes: " + t.url);
  }
  if (!t.gate.refused_address.empty()) {
    return Fail(job.id, kErrBlocked,
                "connection to private address " + t.gate.refused_address + " refused: " + t.url);
  }
  CurlFailure f = ClassifyCurlError(code, &t);
  std::string error = f.what + ": " + t.url;
  if (code == CURLE_OPERATION_TIMEDOUT) HostFor(t.host).polite.OnThrottled();
  if (!f.retryable) return Fail(job.id, f.kind, std::move(error));
  RetryOrFail(job, f.kind, std::move(error), 0);
}

void Fetcher::Impl::OnHttpAnswer(Job& job, Transfer& t, int status) {
  FetchResult& r = job.result;
  r.content_type = t.content_type;
  r.charset = CharsetOf(t.content_type);
  r.etag = t.etag;
  r.last_modified = t.last_modified;
  r.body = std::move(t.body);
  HostPoliteness& polite = HostFor(t.host).polite;
  if (status == 304 || (status >= 200 && status < 300)) {
    polite.OnSuccess();
    r.ok = true;
    r.not_modified = status == 304;
    if (r.not_modified && r.etag.empty()) r.etag = job.request.etag;
    if (r.not_modified && r.last_modified.empty()) r.last_modified = job.request.last_modified;
    return Finish(job.id);
  }
  if (IsRedirect(status) && !t.location.empty()) return HandleRedirect(job, t, status);
  std::string error = "HTTP " + std::to_string(status) + ": " + t.url;
  if (IsAntiBotStatus(status)) {
    polite.OnThrottled();
    return Fail(job.id, kErrBlocked, error + " (anti-bot answer)");
  }
  if (status != 429 && status < 500) return Fail(job.id, kErrHttp, std::move(error));
  if (status == 429 || status == 503) polite.OnThrottled();
  int64_t wait = 0;
  std::optional<int64_t> ra;
  if (!t.retry_after.empty()) ra = ParseRetryAfter(t.retry_after, clock_.Now(), options_.max_retry_after_ms);
  if (ra) {
    wait = *ra;
    polite.DeferUntil(clock_.Now() + wait);
  }
  RetryOrFail(job, kErrHttp, std::move(error), wait);
}

void Fetcher::Impl::HandleRedirect(Job& job, Transfer& t, int status) {
  Result<std::string> next = ResolveUrl(t.url, t.location);
  if (!next.ok()) {
    return Fail(job.id, kErrScope, "redirect to unusable Location '" + t.location + "' from " + t.url);
  }
  if (static_cast<int>(job.result.redirects.size()) >= options_.max_redirects) {
    return Fail(job.id, kErrLimit,
                "more than " + std::to_string(options_.max_redirects) + " redirects: " + t.url);
  }
  Result<std::string> host = HostOf(*next);
  if (!host.ok() || !InScope(*host)) {
    return Fail(job.id, kErrScope, "redirect from " + t.url + " to out-of-scope " + *next);
  }
  ++stats_.redirects;
  job.result.redirects.push_back(t.url);
  job.result.body.clear();
  if (status == 303 || ((status == 301 || status == 302) && job.request.method == "POST")) {
    job.request.method = "GET";
    job.request.body.clear();
    job.request.content_type.clear();
  }
  job.request.url = *next;
  Enqueue(job.id);
}

void Fetcher::Impl::RetryOrFail(Job& job, FetchErrorKind kind, std::string error, int64_t at_least_ms) {
  ++job.failures;
  if (job.failures > options_.retries) return Fail(job.id, kind, std::move(error), /*transient=*/true);
  ++stats_.retries;
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  int64_t wait = RetryBackoffMs(job.failures, options_.retry_base_ms, options_.retry_max_ms, jitter(rng_));
  wait = std::max(wait, at_least_ms);
  job.retry_timer = std::make_unique<asio::steady_timer>(io_, std::chrono::milliseconds(wait));
  std::weak_ptr<Impl> weak = weak_from_this();
  uint64_t id = job.id;
  job.retry_timer->async_wait([weak, id](const error_code& ec) {
    if (ec == asio::error::operation_aborted) return;
    if (auto self = weak.lock()) self->Enqueue(id);
  });
}

void Fetcher::Impl::Fail(uint64_t job_id, FetchErrorKind kind, std::string error, bool transient) {
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return;
  it->second.result.ok = false;
  it->second.result.error_kind = kind;
  it->second.result.error = std::move(error);
  it->second.result.transient = transient;
  Finish(job_id);
}

void Fetcher::Impl::Finish(uint64_t job_id) {
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return;
  Job job = std::move(it->second);
  jobs_.erase(it);
  if (job.in_flight) --jobs_in_flight_;
  FetchResult& r = job.result;
  if (r.final_url.empty()) r.final_url = job.request.url;
  r.elapsed_ms = clock_.Now() - job.created;
  if (r.ok) {
    ++(r.not_modified ? stats_.not_modified : stats_.ok);
    stats_.body_bytes += r.body.size();
  } else {
    ++stats_.failed;
  }
  if (job.done) job.done(std::move(r));
}

}  // namespace nianbao::net
