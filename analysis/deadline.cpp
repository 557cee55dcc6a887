// Deadlines are computed on civil dates with Howard Hinnant's days-from-civil
// algorithm rather than through a time zone database: China has had a fixed
// UTC+8 offset with no DST since 1991, so "end of day in CST" is plain
// arithmetic, and the daemon must not depend on tzdata being installed inside
// a hardened systemd sandbox.
#include "analysis/deadline.h"

#include <algorithm>
#include <cstdio>

namespace nianbao::analysis {
namespace {

// Floor division, so that instants before 1970 fall on the right day.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::int64_t DaysFromCivil(const CivilDate& date) {
  // Shift the year to start in March so the leap day is the last day of it.
  const std::int64_t y = static_cast<std::int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = FloorDiv(y, 400);
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t mp = (date.month + 9) % 12;                             // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;                // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = FloorDiv(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

std::string FormatDate(const CivilDate& date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

CivilDate ChinaDateOf(UnixMillis t) { return CivilFromDays(FloorDiv(t + kChinaUtcOffsetMs, kMillisPerDay)); }

UnixMillis ChinaStartOfDay(const CivilDate& date) {
  return DaysFromCivil(date) * kMillisPerDay - kChinaUtcOffsetMs;
}

UnixMillis ChinaEndOfDay(const CivilDate& date) { return ChinaStartOfDay(date) + kMillisPerDay - 1; }

Deadline DueDate(int report_year, const DeadlineRule& schedule) {
  // Config validation keeps month/day in range; clamp anyway so a bad value
  // can never index out of DaysInMonth's table.
  const int year = report_year + 1;
  const int month = std::clamp(schedule.deadline_month, 1, 12);
  const int day = std::clamp(schedule.deadline_day, 1, DaysInMonth(year, month));
  const int grace = std::max(schedule.grace_days, 0);
  const CivilDate due = CivilFromDays(DaysFromCivil({year, month, day}) + grace);
  return {due, ChinaEndOfDay(due)};
}

const char* ComplianceStateName(ComplianceState s) {
  switch (s) {
    case ComplianceState::kNotDueYet: return "not_due_yet";
    case ComplianceState::kPending: return "pending";
    case ComplianceState::kOnTime: return "on_time";
    case ComplianceState::kLate: return "late";
    case ComplianceState::kOverdue: return "overdue";
  }
  return "unknown";
}

ComplianceState Evaluate(int report_year, std::optional<UnixMillis> first_seen, UnixMillis now,
                         const DeadlineRule& schedule) {
  const Deadline due = DueDate(report_year, schedule);
  if (first_seen) return *first_seen <= due.last_ms ? ComplianceState::kOnTime : ComplianceState::kLate;
  if (now > due.last_ms) return ComplianceState::kOverdue;
  const UnixMillis year_end = ChinaEndOfDay({report_year, 12, 31});
  return now > year_end ? ComplianceState::kPending : ComplianceState::kNotDueYet;
}

std::vector<int> ExpectedYears(int first_year, UnixMillis now, const DeadlineRule& schedule) {
  // Defined through Evaluate() so the two can never disagree: a year is
  // expected once it is no longer "not due yet" for a report not seen.
  std::vector<int> years;
  const int last = ChinaDateOf(now).year;
  for (int y = first_year; y <= last; ++y) {
    if (Evaluate(y, std::nullopt, now, schedule) != ComplianceState::kNotDueYet) years.push_back(y);
  }
  return years;
}

}  // namespace nianbao::analysis
