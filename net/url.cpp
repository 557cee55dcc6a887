// URL handling delegates parsing, dot-segment removal and percent-encoding to
// curl_url so that the crawler and libcurl never disagree about what a URL
// means. We add only what curl leaves to the caller: host case folding,
// dropping the fragment and the default port, and refusing non-http schemes.
#include "net/url.h"

#include <cctype>
#include <cstdlib>
#include <string>

#include "net/curl_handles.h"

namespace nianbao::net {
namespace {

// curl_url_set accepts at most this much; longer "URLs" are garbage anyway.
constexpr size_t kMaxUrlLength = 8000;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Browsers drop ASCII whitespace around an href and tabs/newlines inside it
// (WHATWG URL "remove all ASCII tab or newline"); CMS templates rely on that.
std::string CleanHref(std::string_view href) {
  size_t b = 0, e = href.size();
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (b < e && ws(href[b])) ++b;
  while (e > b && ws(href[e - 1])) --e;
  std::string out;
  out.reserve(e - b);
  for (size_t i = b; i < e; ++i) {
    if (href[i] != '\t' && href[i] != '\n' && href[i] != '\r') out.push_back(href[i]);
  }
  return out;
}

Status UrlError(std::string_view what, std::string_view url, CURLUcode rc) {
  std::string msg(what);
  msg += " '";
  msg += url.substr(0, 200);
  msg += "': ";
  msg += curl_url_strerror(rc);
  return InvalidArgument(std::move(msg));
}

Result<std::string> GetPart(CURLU* u, CURLUPart part, unsigned flags) {
  char* raw = nullptr;
  CURLUcode rc = curl_url_get(u, part, &raw, flags);
  CurlStringPtr owned(raw);
  if (rc != CURLUE_OK) return UrlError("cannot read URL part of", "", rc);
  return std::string(raw);
}

// Parses an absolute http(s) URL into a fresh handle, or resolves a
// reference against `base` when one is given.
Result<CurlUrlPtr> Parse(std::string_view base, std::string_view url) {
  if (url.size() > kMaxUrlLength || base.size() > kMaxUrlLength) {
    return InvalidArgument("URL longer than 8000 bytes: '" + std::string(url.substr(0, 200)) + "'");
  }
  CurlUrlPtr u(curl_url());
  if (!u) return Internal("curl_url: out of memory");
  const unsigned flags = CURLU_URLENCODE;
  if (!base.empty()) {
    CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, std::string(base).c_str(), flags);
    if (rc != CURLUE_OK) return UrlError("bad base URL", base, rc);
  }
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), flags);
  if (rc != CURLUE_OK) return UrlError("bad URL", url, rc);
  Result<std::string> scheme = GetPart(u.get(), CURLUPART_SCHEME, 0);
  if (!scheme.ok()) return scheme.status();
  std::string s = Lower(*scheme);
  if (s != "http" && s != "https") {
    return InvalidArgument("not an http(s) URL: '" + std::string(url.substr(0, 200)) + "'");
  }
  return u;
}

Result<std::string> Canonical(CURLU* u) {
  // Setting a part to NULL clears it.
  curl_url_set(u, CURLUPART_FRAGMENT, nullptr, 0);
  Result<std::string> host = GetPart(u, CURLUPART_HOST, 0);
  if (!host.ok()) return host.status();
  if (host->empty()) return InvalidArgument("URL has no host");
  CURLUcode rc = curl_url_set(u, CURLUPART_HOST, Lower(*host).c_str(), 0);
  if (rc != CURLUE_OK) return UrlError("bad host", *host, rc);
  Result<std::string> scheme = GetPart(u, CURLUPART_SCHEME, 0);
  if (!scheme.ok()) return scheme.status();
  curl_url_set(u, CURLUPART_SCHEME, Lower(*scheme).c_str(), 0);
  return GetPart(u, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
}

}  // namespace

Result<std::string> NormalizeUrl(std::string_view url) {
  Result<CurlUrlPtr> u = Parse({}, CleanHref(url));
  if (!u.ok()) return u.status();
  return Canonical(u->get());
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view href) {
  std::string clean = CleanHref(href);
  // An empty or fragment-only href is the page itself (curl 7.88 would
  // resolve "#x" as a relative path).
  if (clean.empty() || clean[0] == '#') return NormalizeUrl(base);
  Result<CurlUrlPtr> u = Parse(base, clean);
  if (!u.ok()) return u.status();
  return Canonical(u->get());
}

Result<std::string> HostOf(std::string_view url) {
  Result<CurlUrlPtr> u = Parse({}, url);
  if (!u.ok()) return u.status();
  Result<std::string> host = GetPart(u->get(), CURLUPART_HOST, 0);
  if (!host.ok()) return host.status();
  return Lower(*host);
}

Result<int> PortOf(std::string_view url) {
  Result<CurlUrlPtr> u = Parse({}, url);
  if (!u.ok()) return u.status();
  Result<std::string> port = GetPart(u->get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!port.ok()) return port.status();
  return std::atoi(port->c_str());
}

Result<std::string> SchemeOf(std::string_view url) {
  Result<CurlUrlPtr> u = Parse({}, url);
  if (!u.ok()) return u.status();
  Result<std::string> scheme = GetPart(u->get(), CURLUPART_SCHEME, 0);
  if (!scheme.ok()) return scheme.status();
  return Lower(*scheme);
}

Result<std::string> OriginOf(std::string_view url) {
  Result<CurlUrlPtr> u = Parse({}, url);
  if (!u.ok()) return u.status();
  Result<std::string> scheme = GetPart(u->get(), CURLUPART_SCHEME, 0);
  Result<std::string> host = GetPart(u->get(), CURLUPART_HOST, 0);
  Result<std::string> port = GetPart(u->get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme.ok()) return scheme.status();
  if (!host.ok()) return host.status();
  if (!port.ok()) return port.status();
  return Lower(*scheme) + "://" + Lower(*host) + ":" + *port;
}

Result<std::string> PathAndQueryOf(std::string_view url) {
  Result<CurlUrlPtr> u = Parse({}, url);
  if (!u.ok()) return u.status();
  Result<std::string> path = GetPart(u->get(), CURLUPART_PATH, 0);
  if (!path.ok()) return path.status();
  std::string out = path->empty() ? "/" : *path;
  char* raw = nullptr;
  if (curl_url_get(u->get(), CURLUPART_QUERY, &raw, 0) == CURLUE_OK) {
    CurlStringPtr owned(raw);
    out += '?';
    out += raw;
  }
  return out;
}

}  // namespace nianbao::net
