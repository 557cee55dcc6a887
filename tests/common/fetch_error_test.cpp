#include "common/fetch_error.h"

#include <doctest/doctest.h>

namespace nianbao {
namespace {

TEST_CASE("every fetch error kind has its stable name and reads back from it") {
  const std::pair<FetchErrorKind, const char*> expected[] = {
      {FetchErrorKind::kDns, "dns"},         {FetchErrorKind::kConnect, "connect"},
      {FetchErrorKind::kTimeout, "timeout"}, {FetchErrorKind::kTls, "tls"},
      {FetchErrorKind::kHttp, "http"},       {FetchErrorKind::kRobots, "robots"},
      {FetchErrorKind::kScope, "scope"},     {FetchErrorKind::kLimit, "limit"},
      {FetchErrorKind::kBlocked, "blocked"}, {FetchErrorKind::kParse, "parse"},
      {FetchErrorKind::kCancelled, "cancelled"}, {FetchErrorKind::kProtocol, "protocol"},
      {FetchErrorKind::kEncrypted, "encrypted"}, {FetchErrorKind::kUnsupported, "unsupported"},
      {FetchErrorKind::kBroken, "broken"},   {FetchErrorKind::kOther, "other"}};
  for (const auto& [kind, name] : expected) {
    CHECK(ToString(kind) == name);
    CHECK(ParseFetchErrorKind(name) == kind);
  }
}

TEST_CASE("a name no kind has reads as nothing") {
  CHECK_FALSE(ParseFetchErrorKind("").has_value());
  CHECK_FALSE(ParseFetchErrorKind("Timeout").has_value());
  CHECK_FALSE(ParseFetchErrorKind("cancel").has_value());
}

}  // namespace
}  // namespace nianbao
