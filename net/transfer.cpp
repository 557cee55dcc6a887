// Easy-handle setup. Redirects are never followed by libcurl (the Fetcher
// re-checks scope and robots per hop), libcurl decodes gzip/deflate/br/zstd
// itself, and the size cap lives in our callbacks because libcurl 7.88
// enforces CURLOPT_MAXFILESIZE_LARGE neither on chunked nor on decoded
// bodies.
#include "net/transfer.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "net/fetcher.h"

namespace nianbao::net {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

size_t OnBody(char* data, size_t size, size_t count, void* userp) {
  Transfer* t = static_cast<Transfer*>(userp);
  size_t len = size * count;
  if (static_cast<int64_t>(t->body.size() + len) > t->max_body) {
    t->body_limit_hit = true;
    return CURL_WRITEFUNC_ERROR;
  }
  t->body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t count, void* userp) {
  Transfer* t = static_cast<Transfer*>(userp);
  size_t len = size * count;
  std::string_view line(data, len);
  if (line.substr(0, 5) == "HTTP/") {  // a new response: forget the previous one's headers
    t->answered = true;
    t->content_type.clear();
    t->etag.clear();
    t->last_modified.clear();
    t->location.clear();
    t->retry_after.clear();
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string_view name = Trim(line.substr(0, colon));
  std::string value(Trim(line.substr(colon + 1)));
  if (IEquals(name, "content-type")) {
    t->content_type = value;
  } else if (IEquals(name, "etag")) {
    t->etag = value;
  } else if (IEquals(name, "last-modified")) {
    t->last_modified = value;
  } else if (IEquals(name, "location")) {
    t->location = value;
  } else if (IEquals(name, "retry-after")) {
    t->retry_after = value;
  }
  return len;
}

// Raw (still compressed) bytes: stops a large compressed body early.
int OnProgress(void* userp, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t) {
  Transfer* t = static_cast<Transfer*>(userp);
  if (dlnow > t->max_body) {
    t->body_limit_hit = true;
    return 1;
  }
  return 0;
}

int OnPrereq(void* userp, char*, char*, int, int) {
  Transfer* t = static_cast<Transfer*>(userp);
  if (t->on_sent) t->on_sent();
  return CURL_PREREQFUNC_OK;
}

}  // namespace

Result<CurlEasyPtr> MakeEasy(Transfer& t, const EasyConfig& config, const FetchRequest& spec) {
  CurlEasyPtr easy(curl_easy_init());
  if (!easy) return Internal("curl_easy_init failed");
  CURL* e = easy.get();
  // The options whose refusal would change what is fetched (or from where)
  // are checked, and libcurl's reason is kept for the fetch error.
  for (auto [option, name, value] : {std::tuple{CURLOPT_URL, "CURLOPT_URL", spec.url.c_str()},
                                     std::tuple{CURLOPT_PROTOCOLS_STR, "CURLOPT_PROTOCOLS_STR", "http,https"},
                                     std::tuple{CURLOPT_REDIR_PROTOCOLS_STR, "CURLOPT_REDIR_PROTOCOLS_STR", "http,https"}}) {
    if (CURLcode rc = curl_easy_setopt(e, option, value); rc != CURLE_OK)
      return Internal(std::string(name) + ": " + curl_easy_strerror(rc));
  }
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, 0L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, config.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, config.timeout_ms);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, config.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, config.low_speed_limit);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, config.low_speed_time_s);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  // A robots.txt over the cap is read up to it and parsed (RFC 9309 §2.5);
  // any other body over the cap is refused early when its length is known.
  if (!t.robots) curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.max_body));
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errbuf);
  if (config.resolve != nullptr) curl_easy_setopt(e, CURLOPT_RESOLVE, config.resolve);

  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &OnPrereq);
  curl_easy_setopt(e, CURLOPT_PREREQDATA, &t);

  CurlSlistPtr headers;
  bool ok = true;
  if (!spec.etag.empty()) ok &= AppendHeader(headers, ("If-None-Match: " + spec.etag).c_str());
  if (!spec.last_modified.empty()) {
    ok &= AppendHeader(headers, ("If-Modified-Since: " + spec.last_modified).c_str());
  }
  for (const auto& [name, value] : spec.headers) ok &= AppendHeader(headers, (name + ": " + value).c_str());
  if (spec.method == "POST") {
    std::string type = spec.content_type.empty() ? "application/x-www-form-urlencoded" : spec.content_type;
    ok &= AppendHeader(headers, ("Content-Type: " + type).c_str());
    ok &= AppendHeader(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec.body.size()));
    curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, spec.body.c_str());
  } else if (spec.method != "GET") {
    return InvalidArgument("unsupported method '" + spec.method + "'");  // the caller names the URL
  }
  if (!ok) return Internal("curl_slist_append failed");
  t.headers = std::move(headers);
  if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get());
  t.easy = e;
  return easy;
}

namespace {

FetchErrorKind KindOf(CURLcode code, const Transfer* t, bool* retryable) {
  *retryable = true;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return kErrDns;
    case CURLE_RECV_ERROR:
      // The chunk parser's complaints name the chunk; a reset does not.
      if (t != nullptr && std::string_view(t->errbuf).find("chunk") != std::string_view::npos) return kErrProtocol;
      return kErrConnect;
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return kErrConnect;
    // A body shorter than its Content-Length or its chunks announced. Retried:
    // a connection cut mid-body looks the same.
    case CURLE_PARTIAL_FILE:
      return kErrProtocol;
    case CURLE_OPERATION_TIMEDOUT:
      return kErrTimeout;
    default:
      break;
  }
  *retryable = false;
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return kErrTls;
    case CURLE_FILESIZE_EXCEEDED:
      return kErrLimit;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return kErrScope;
    default:
      return kErrOther;
  }
}

// libcurl refuses a header line over CURL_MAX_HTTP_HEADER (100 kB): 7.88
// says CURLE_OUT_OF_MEMORY, with nothing in the error buffer; 8.6 and later
// say CURLE_TOO_LARGE. Once a status line has arrived, the only buffers
// libcurl still grows without bound checks of ours are the header ones.
bool HeaderTooLarge(CURLcode code, const Transfer* t) {
#if LIBCURL_VERSION_NUM >= 0x080600
  if (code == CURLE_TOO_LARGE) return true;
#endif
  return code == CURLE_OUT_OF_MEMORY && t != nullptr && t->answered;
}

}  // namespace

CurlFailure ClassifyCurlError(CURLcode code, const Transfer* t) {
  if (HeaderTooLarge(code, t)) return {kErrLimit, false, "response header larger than libcurl's 100 kB limit"};
  CurlFailure f{kErrOther, false, curl_easy_strerror(code)};
  f.kind = KindOf(code, t, &f.retryable);
  if (t != nullptr && t->errbuf[0] != '\0') f.what += std::string(": ") + t->errbuf;
  return f;
}

std::string CharsetOf(std::string_view content_type) {
  std::string lower(content_type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t pos = lower.find("charset=");
  if (pos == std::string::npos) return {};
  std::string_view v = std::string_view(lower).substr(pos + 8);
  size_t end = v.find(';');
  v = Trim(v.substr(0, end));
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
  return std::string(v);
}

}  // namespace nianbao::net
