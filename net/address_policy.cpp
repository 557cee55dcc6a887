// The ranges follow curl's docs/examples/block_ip.c idea and the usual SSRF
// lists; cloud metadata (169.254.169.254, fd00:ec2::254) falls inside
// link-local and ULA. Mapped IPv6 forms are unwrapped first so that
// ::ffff:127.0.0.1 cannot slip through as "IPv6".
#include "net/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace nianbao::net {
namespace {

bool InV4Range(uint32_t a, uint32_t net, int bits) {
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (a & mask) == (net & mask);
}

bool IsPrivateV4(uint32_t a) {  // host byte order
  struct Range {
    uint32_t net;
    int bits;
  };
  static constexpr Range kRanges[] = {
      {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},
      {0xA9FE0000, 16}, {0xAC100000, 12}, {0xC0A80000, 16}, {0xC0000000, 24},
      {0xE0000000, 4},  {0xF0000000, 4},
  };
  for (const Range& r : kRanges) {
    if (InV4Range(a, r.net, r.bits)) return true;
  }
  return false;
}

bool IsPrivateV6(const unsigned char* b) {
  static const unsigned char kZero[10] = {};
  bool first80_zero = std::memcmp(b, kZero, 10) == 0;
  if (first80_zero && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0))) {
    uint32_t v4 = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    // "::" and "::1" land here as 0.0.0.0 and 0.0.0.1, both in 0/8.
    return IsPrivateV4(v4);
  }
  if ((b[0] & 0xfe) == 0xfc) return true;                   // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;   // fe80::/10
  if (b[0] == 0xff) return true;                            // ff00::/8
  return false;
}

}  // namespace

Result<ResolveEntry> ParseResolveEntry(std::string_view entry) {
  auto bad = [&] {
    return InvalidArgument("resolve entry '" + std::string(entry) + "': expected host:port:address");
  };
  size_t c1 = entry.find(':');
  if (c1 == std::string_view::npos || c1 == 0) return bad();
  size_t c2 = entry.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return bad();
  ResolveEntry out;
  for (char c : entry.substr(0, c1)) {
    out.host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (!out.host.empty() && out.host[0] == '+') out.host.erase(0, 1);  // curl's "+host" form
  std::string port(entry.substr(c1 + 1, c2 - c1 - 1));
  char* end = nullptr;
  long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p <= 0 || p > 65535) return bad();
  out.port = static_cast<int>(p);
  std::string_view addr = entry.substr(c2 + 1);
  size_t comma = addr.find(',');  // curl allows several; the first is the one we pin
  if (comma != std::string_view::npos) addr = addr.substr(0, comma);
  if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
  if (addr.empty()) return bad();
  out.address = std::string(addr);
  // Canonical text, so "0:0::1" and "::1" compare equal to AddressText().
  unsigned char buf[sizeof(in6_addr)];
  char text[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, out.address.c_str(), buf) == 1) {
    inet_ntop(AF_INET, buf, text, sizeof text);
    out.address = text;
  } else if (inet_pton(AF_INET6, out.address.c_str(), buf) == 1) {
    inet_ntop(AF_INET6, buf, text, sizeof text);
    out.address = text;
  }
  return out;
}

std::optional<std::string> PinnedAddress(const std::vector<ResolveEntry>& entries,
                                         std::string_view host, int port) {
  for (const ResolveEntry& e : entries) {
    if (e.port == port && e.host == host) return e.address;
  }
  return std::nullopt;
}

bool IsPrivateAddress(const sockaddr* addr) {
  if (addr == nullptr) return true;
  if (addr->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, addr, sizeof in);
    return IsPrivateV4(ntohl(in.sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, addr, sizeof in6);
    return IsPrivateV6(in6.sin6_addr.s6_addr);
  }
  return true;
}

std::string AddressText(const sockaddr* addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr == nullptr) return buf;
  if (addr->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, addr, sizeof in);
    inet_ntop(AF_INET, &in.sin_addr, buf, sizeof buf);
  } else if (addr->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, addr, sizeof in6);
    inet_ntop(AF_INET6, &in6.sin6_addr, buf, sizeof buf);
  }
  return buf;
}

}  // namespace nianbao::net
