#include "alerts/alert_json.h"

#include <ctime>

namespace nianbao::alerts {
namespace {

using Json = nlohmann::ordered_json;

std::string IsoUtc(UnixMillis t) {
  const std::time_t s = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Json OptionalTime(const std::optional<UnixMillis>& t) { return t ? Json(IsoUtc(*t)) : Json(nullptr); }

// "webhook,email" → ["webhook", "email"].
Json Channels(const std::string& comma_separated) {
  Json out = Json::array();
  std::size_t start = 0;
  while (start <= comma_separated.size()) {
    std::size_t end = comma_separated.find(',', start);
    if (end == std::string::npos) end = comma_separated.size();
    if (end > start) out.push_back(comma_separated.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

Json AlertJson(const storage::AlertRow& a) {
  return {{"id", a.id},
          {"kind", a.kind},
          {"agency", a.agency.empty() ? Json(nullptr) : Json(a.agency)},
          {"year", a.year ? Json(a.year) : Json(nullptr)},
          {"detail", a.detail},
          {"first_seen", IsoUtc(a.first_seen_at)},
          {"last_seen", IsoUtc(a.last_seen_at)},
          {"last_sent", OptionalTime(a.last_sent_at)},
          {"delivered_to", Channels(a.delivered_to)},
          {"resolved", a.resolved_at.has_value()},
          {"resolved_at", OptionalTime(a.resolved_at)}};
}

}  // namespace nianbao::alerts
