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

constexpr std::array<std::pair<CycleState, std::string_view>, 3> kCycleStates = {{
    {CycleState::kRunning, "running"}, {CycleState::kFinished, "finished"}, {CycleState::kAbandoned, "abandoned"}}};

constexpr std::array<std::pair<ReportStatus, std::string_view>, 3> kReportStatuses = {{
    {ReportStatus::kParsed, "parsed"}, {ReportStatus::kAttachment, "attachment"}, {ReportStatus::kFailed, "failed"}}};

constexpr std::array<std::pair<CheckStatus, std::string_view>, 3> kCheckStatuses = {{
    {CheckStatus::kOk, "ok"}, {CheckStatus::kFailed, "failed"}, {CheckStatus::kNotAssessable, "not_assessable"}}};

constexpr std::array<std::pair<DeliveryState, std::string_view>, 5> kDeliveryStates = {{
    {DeliveryState::kPending, "pending"}, {DeliveryState::kSent, "sent"}, {DeliveryState::kFailed, "failed"},
    {DeliveryState::kDigested, "digested"}, {DeliveryState::kWithheld, "withheld"}}};

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
std::string_view ToString(CycleState state) { return NameOf(kCycleStates, state); }
std::string_view ToString(ReportStatus status) { return NameOf(kReportStatuses, status); }
std::string_view ToString(CheckStatus status) { return NameOf(kCheckStatuses, status); }
std::string_view ToString(DeliveryState state) { return NameOf(kDeliveryStates, state); }
std::optional<DocKind> ParseDocKind(std::string_view text) { return ValueOf(kKinds, text); }
std::optional<DocState> ParseDocState(std::string_view text) { return ValueOf(kStates, text); }
std::optional<CycleState> ParseCycleState(std::string_view text) { return ValueOf(kCycleStates, text); }
std::optional<ReportStatus> ParseReportStatus(std::string_view text) { return ValueOf(kReportStatuses, text); }
std::optional<CheckStatus> ParseCheckStatus(std::string_view text) { return ValueOf(kCheckStatuses, text); }
std::optional<DeliveryState> ParseDeliveryState(std::string_view text) { return ValueOf(kDeliveryStates, text); }

}  // namespace nianbao::storage
