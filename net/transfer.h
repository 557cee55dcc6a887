// Transfer: the state of one HTTP exchange (one URL, no redirects followed)
// while libcurl runs it, and the code that builds its easy handle.
//
// A Transfer is owned by the Fetcher, keyed by an id, and must outlive its
// easy handle's time in the multi: the handle's write, header, progress and
// open-socket callbacks point into it. The body is capped at max_body bytes
// after decoding (write callback) and before decoding (progress callback);
// hitting the cap aborts the transfer and sets body_limit_hit. Response
// headers are those of the last response (a 100 Continue is forgotten).
// Used on the io thread only.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/fetch_error.h"
#include "common/status.h"
#include "net/curl_handles.h"
#include "net/curl_multi.h"
#include "net/request.h"

namespace nianbao::net {

// What every easy handle gets, from FetcherOptions.
struct EasyConfig {
  std::string user_agent;
  long timeout_ms = 30000;
  long connect_timeout_ms = 10000;
  long low_speed_limit = 100;
  long low_speed_time_s = 30;
  curl_slist* resolve = nullptr;  // REQUIRES: outlives every easy handle
};

struct Transfer {
  uint64_t id = 0;
  uint64_t job_id = 0;  // 0 for a robots.txt fetch
  bool robots = false;
  int robots_hops = 0;
  std::string url;
  std::string host;    // politeness key
  std::string origin;  // robots key
  UnixMillis started = 0;
  CURL* easy = nullptr;  // owned by CurlMulti while in flight
  SocketGate gate;
  // Called (inside libcurl, from CURLOPT_PREREQFUNCTION) when the request is
  // about to be sent on an established connection. Must not call libcurl.
  std::function<void()> on_sent;
  CurlSlistPtr headers;
  char errbuf[CURL_ERROR_SIZE] = {};

  int64_t max_body = 0;
  bool body_limit_hit = false;
  bool answered = false;  // a status line arrived (set by the header callback)
  std::string body;
  std::string content_type, etag, last_modified, location, retry_after;
};

// A configured easy handle for `spec`, with callbacks into `t` (which must
// not move). Fails on allocation errors, on a URL or protocol option libcurl
// refuses (with libcurl's reason) and on a method other than GET and POST;
// the message is the cause only, for the caller to prefix with the URL.
Result<CurlEasyPtr> MakeEasy(Transfer& t, const EasyConfig& config, const FetchRequest& spec);

// How a failed libcurl transfer is reported: a kErr* kind, whether a retry
// may help, and what went wrong for an operator (without the URL). With the
// failed transfer `t` (its error buffer, whether an answer had begun) the
// kind is sharper: libcurl 7.88 reports a header over its 100 kB cap only as
// CURLE_OUT_OF_MEMORY and bad chunking only as CURLE_RECV_ERROR.
struct CurlFailure {
  FetchErrorKind kind;
  bool retryable;
  std::string what;
};
CurlFailure ClassifyCurlError(CURLcode code, const Transfer* t = nullptr);

// The charset parameter of a Content-Type value, lower-cased, unquoted;
// empty when absent.
std::string CharsetOf(std::string_view content_type);

}  // namespace nianbao::net
