// URL normalisation and resolution for the crawler, built on libcurl's URL
// API (curl_url) rather than string surgery.
//
// The canonical form (what NormalizeUrl returns) is the dedup key for
// documents: scheme and host lower-cased, the scheme's default port dropped,
// the fragment dropped, dot segments removed, spaces and non-ASCII bytes
// percent-encoded (CURLU_URLENCODE), and an empty path written as "/".
// Only http and https URLs are accepted; anything else (mailto:, javascript:,
// ftp:, garbage) is an InvalidArgument error naming the input.
//
// HTML entities (&amp;) are the HTML parser's business: pass decoded hrefs.
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace nianbao::net {

// The canonical form of an absolute http(s) URL.
Result<std::string> NormalizeUrl(std::string_view url);

// `href` (absolute, scheme-relative, path-relative or query-only) resolved
// against the absolute `base`, in canonical form. Leading and trailing
// whitespace and embedded tabs/newlines of `href` are ignored, as browsers do.
Result<std::string> ResolveUrl(std::string_view base, std::string_view href);

// The lower-cased host name of an absolute URL ("www.harbin.gov.cn").
Result<std::string> HostOf(std::string_view url);

// The port of an absolute URL, the scheme's default when none is written.
Result<int> PortOf(std::string_view url);

// The lower-cased scheme ("http" or "https").
Result<std::string> SchemeOf(std::string_view url);

// "scheme://host:port" with the port always written: the key of one origin,
// e.g. for the robots.txt cache.
Result<std::string> OriginOf(std::string_view url);

// The path and query as sent in a request line ("/a/b?x=1"), for robots
// matching.
Result<std::string> PathAndQueryOf(std::string_view url);

}  // namespace nianbao::net
