#include "net/address_policy.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

namespace nianbao::net {
namespace {

bool Private(const char* text) {
  sockaddr_in6 v6{};
  sockaddr_in v4{};
  if (inet_pton(AF_INET, text, &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return IsPrivateAddress(reinterpret_cast<const sockaddr*>(&v4));
  }
  REQUIRE(inet_pton(AF_INET6, text, &v6.sin6_addr) == 1);
  v6.sin6_family = AF_INET6;
  return IsPrivateAddress(reinterpret_cast<const sockaddr*>(&v6));
}

TEST_CASE("address policy: private, loopback, link-local and metadata ranges are refused") {
  for (const char* a : {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1",
                        "255.255.255.255", "::1", "::", "fc00::1", "fd00:ec2::254", "fe80::1", "ff02::1",
                        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"}) {
    CAPTURE(a);
    CHECK(Private(a));
  }
}

TEST_CASE("address policy: public addresses pass") {
  for (const char* a : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "11.0.0.1",
                        "223.255.255.255", "2001:4860:4860::8888", "2400:3200::1", "::ffff:8.8.8.8"}) {
    CAPTURE(a);
    CHECK_FALSE(Private(a));
  }
}

TEST_CASE("address policy: resolve entries") {
  Result<ResolveEntry> e = ParseResolveEntry("WWW.Harbin.gov.cn:443:127.0.0.1");
  REQUIRE(e.ok());
  CHECK(e->host == "www.harbin.gov.cn");
  CHECK(e->port == 443);
  CHECK(e->address == "127.0.0.1");
  Result<ResolveEntry> v6 = ParseResolveEntry("a.test:80:[0:0::1]");
  REQUIRE(v6.ok());
  CHECK(v6->address == "::1");
  CHECK(ParseResolveEntry("+a.test:80:10.0.0.1,10.0.0.2")->address == "10.0.0.1");
  CHECK_FALSE(ParseResolveEntry("a.test:80").ok());
  CHECK_FALSE(ParseResolveEntry("a.test:x:1.2.3.4").ok());
  CHECK_FALSE(ParseResolveEntry("a.test:70000:1.2.3.4").ok());
  CHECK_FALSE(ParseResolveEntry(":80:1.2.3.4").ok());
  std::vector<ResolveEntry> entries = {*e, *v6};
  CHECK(PinnedAddress(entries, "www.harbin.gov.cn", 443) == std::optional<std::string>("127.0.0.1"));
  CHECK_FALSE(PinnedAddress(entries, "www.harbin.gov.cn", 80).has_value());
  CHECK_FALSE(PinnedAddress(entries, "other.test", 443).has_value());
}

}  // namespace
}  // namespace nianbao::net
