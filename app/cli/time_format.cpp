// localtime_r honours TZ and /etc/localtime, which is what an operator reading
// a terminal expects; the zone abbreviation makes the time unambiguous when
// pasted into a ticket.
#include "app/cli/time_format.h"

#include <ctime>

#include <fmt/format.h>

namespace nianbao::app {
namespace {

std::time_t Seconds(UnixMillis t) {
  // Floor, so 1 ms before the epoch is still the previous second.
  return static_cast<std::time_t>(t >= 0 ? t / 1000 : (t - 999) / 1000);
}

std::string Format(const std::tm& tm, const char* pattern) {
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

}  // namespace

std::string LocalTime(UnixMillis t) {
  std::time_t s = Seconds(t);
  std::tm tm{};
  localtime_r(&s, &tm);
  return Format(tm, "%Y-%m-%d %H:%M %Z");
}

std::string IsoUtc(UnixMillis t) {
  std::time_t s = Seconds(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  return Format(tm, "%Y-%m-%dT%H:%M:%SZ");
}

std::string Ago(UnixMillis then, UnixMillis now) {
  UnixMillis d = now - then;
  bool future = d < 0;
  if (future) d = -d;
  std::int64_t minutes = d / 60000;
  if (minutes < 1) return "just now";
  std::string amount = minutes < 60        ? fmt::format("{} min", minutes)
                       : minutes < 48 * 60 ? fmt::format("{} h", minutes / 60)
                                           : fmt::format("{} d", minutes / (24 * 60));
  return future ? "in " + amount : amount + " ago";
}

std::string LocalTimeAgo(UnixMillis t, UnixMillis now) { return LocalTime(t) + " (" + Ago(t, now) + ")"; }

}  // namespace nianbao::app
