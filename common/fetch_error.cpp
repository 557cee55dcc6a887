// The names are part of the stored data and of the operator's output (status,
// JSON, the failed_documents metric): add kinds, never rename one.
#include "common/fetch_error.h"

#include <array>
#include <utility>

namespace nianbao {
namespace {

constexpr std::array<std::pair<FetchErrorKind, std::string_view>, 16> kNames = {{
    {FetchErrorKind::kDns, "dns"},         {FetchErrorKind::kConnect, "connect"},
    {FetchErrorKind::kTimeout, "timeout"}, {FetchErrorKind::kTls, "tls"},
    {FetchErrorKind::kProtocol, "protocol"},
    {FetchErrorKind::kHttp, "http"},       {FetchErrorKind::kRobots, "robots"},
    {FetchErrorKind::kScope, "scope"},     {FetchErrorKind::kLimit, "limit"},
    {FetchErrorKind::kBlocked, "blocked"}, {FetchErrorKind::kParse, "parse"},
    {FetchErrorKind::kCancelled, "cancelled"}, {FetchErrorKind::kEncrypted, "encrypted"},
    {FetchErrorKind::kUnsupported, "unsupported"}, {FetchErrorKind::kBroken, "broken"},
    {FetchErrorKind::kOther, "other"}}};

}  // namespace

std::string_view ToString(FetchErrorKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return "other";
}

std::optional<FetchErrorKind> ParseFetchErrorKind(std::string_view text) {
  for (const auto& [k, name] : kNames)
    if (name == text) return k;
  return std::nullopt;
}

}  // namespace nianbao
