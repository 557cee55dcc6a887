// The spellings here are the ones the schema's CHECK constraints accept; keep
// the two in step.
#include "storage/types.h"

#include <array>
#include <utility>

namespace nianbao::storage {
namespace {

constexpr std::array<std::pair<DocKind, std::string_view>, 4> kKinds = {{
    {DocKind::kList, "list"}, {DocKind::kArticle, "article"},
    {DocKind::kAttachment, "attachment"}, {DocKind::kRobots, "robots"}}};

constexpr std::array<std::pair<DocState, std::string_view>, 5> kStates = {{
    {DocState::kPending, "pending"}, {DocState::kFetching, "fetching"}, {DocState::kFetched, "fetched"},
    {DocState::kParsed, "parsed"}, {DocState::kFailed, "failed"}}};

constexpr std::array<std::pair<ErrorKind, std::string_view>, 12> kErrors = {{
    {ErrorKind::kDns, "dns"}, {ErrorKind::kConnect, "connect"}, {ErrorKind::kTimeout, "timeout"},
    {ErrorKind::kTls, "tls"}, {ErrorKind::kProtocol, "protocol"}, {ErrorKind::kHttp, "http"}, {ErrorKind::kRobots, "robots"},
    {ErrorKind::kScope, "scope"}, {ErrorKind::kLimit, "limit"}, {ErrorKind::kBlocked, "blocked"},
    {ErrorKind::kParse, "parse"}, {ErrorKind::kOther, "other"}}};

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [e, name] : table) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(DocKind kind) { return NameOf(kKinds, kind); }
std::string_view ToString(DocState state) { return NameOf(kStates, state); }
std::string_view ToString(ErrorKind kind) { return NameOf(kErrors, kind); }
std::optional<DocKind> ParseDocKind(std::string_view text) { return ValueOf(kKinds, text); }
std::optional<DocState> ParseDocState(std::string_view text) { return ValueOf(kStates, text); }
std::optional<ErrorKind> ParseErrorKind(std::string_view text) { return ValueOf(kErrors, text); }

}  // namespace nianbao::storage
