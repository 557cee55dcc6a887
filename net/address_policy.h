// Which peer addresses the crawler may connect to: the SSRF / DNS-rebinding
// guard applied in libcurl's open-socket callback, on the address curl
// actually resolved (not on the host name).
//
// Refused unless allowed explicitly: 0/8, 10/8, 100.64/10, 127/8, 169.254/16,
// 172.16/12, 192.0.0/24, 192.168/16, 224/4 and 240/4 (multicast, reserved,
// broadcast);
// ::, ::1, fc00::/7, fe80::/10, ff00::/8; and IPv4-mapped/compatible IPv6
// forms of the IPv4 ranges. An address is allowed anyway when the caller's
// `resolve` list maps the transfer's host:port to exactly that address, or
// when allow_private is set. Pure functions; thread-safe.
#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace nianbao::net {

// One curl-style resolve entry, "host:port:address" (address may be
// "[v6]" bracketed). Host is lower-cased.
struct ResolveEntry {
  std::string host;
  int port = 0;
  std::string address;  // without brackets, e.g. "127.0.0.1" or "::1"
};

Result<ResolveEntry> ParseResolveEntry(std::string_view entry);

// The address `entries` pin host:port to, if any.
std::optional<std::string> PinnedAddress(const std::vector<ResolveEntry>& entries,
                                         std::string_view host, int port);

// True when `addr` (AF_INET or AF_INET6) is in one of the refused ranges.
// Unknown families count as private.
bool IsPrivateAddress(const sockaddr* addr);

// The numeric text of an address ("127.0.0.1", "::1"); "?" if unknown.
std::string AddressText(const sockaddr* addr);

}  // namespace nianbao::net
