// FetchErrorKind: why fetching (or reading) a document failed. One vocabulary
// for the whole program: net/ reports it in FetchResult, storage/ keeps it in
// documents.error_kind, and the CLI, JSON and metrics group failures by it.
//
// Each kind has one stable name (ToString), the spelling operators see and the
// database stores; ParseFetchErrorKind reads it back. Names never change: old
// databases and dashboards depend on them. Stateless and thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace nianbao {

enum class FetchErrorKind {
  kDns,        // the host name did not resolve
  kConnect,    // no connection (refused, reset, unreachable)
  kTimeout,    // the transfer or the connection took too long
  kTls,        // the TLS handshake or certificate failed
  kProtocol,   // the answer broke HTTP: bad chunking, a body shorter than its length
  kHttp,       // an HTTP status we do not accept
  kRobots,     // disallowed by robots.txt, or robots.txt unreachable
  kScope,      // host not among the sources, bad scheme or URL
  kLimit,      // body size or redirect count over its cap
  kBlocked,    // private address refused, anti-bot answer
  kParse,      // fetched, but the content could not be read as a report
  kCancelled,  // the fetcher shut down before the request finished
  kEncrypted,  // a fetched document is password-protected or DRM'd
  kUnsupported,  // a fetched document's form has no reader (RAR, OFD, XLS, …)
  kBroken,     // a fetched document is damaged, has no text layer, or crashed its reader
  kOther,
};

// "dns", "connect", "timeout", "tls", "protocol", "http", "robots", "scope", "limit",
// "blocked", "parse", "cancelled", "encrypted", "unsupported", "broken", "other".
std::string_view ToString(FetchErrorKind kind);
// The kind ToString spells as `text`; nullopt for anything else.
std::optional<FetchErrorKind> ParseFetchErrorKind(std::string_view text);

}  // namespace nianbao
