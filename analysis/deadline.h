// Deadline arithmetic for annual reports: the report for year Y is due on
// (deadline_month, deadline_day) of Y+1 plus grace_days, and a report first
// seen at any time on that civil day in China Standard Time (UTC+8, no DST)
// is on time. Pure functions over plain values; no time zone database, no
// global state. A month-day that does not exist in Y+1 (02-29 in a common
// year, 04-31) is clamped to the last day of that month.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace nianbao::analysis {

// When reports fall due: the report for year Y on (deadline_month,
// deadline_day) of Y+1, plus grace_days. The configuration's [schedule]
// section carries one; defaults are the law's 31 January.
struct DeadlineRule {
  int deadline_month = 1;
  int deadline_day = 31;
  int grace_days = 0;  // 0..365
};

// A proleptic Gregorian calendar date. Invariant (when built by this module):
// 1 <= month <= 12, 1 <= day <= DaysInMonth(year, month).
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const CivilDate&) const = default;
};

inline constexpr UnixMillis kChinaUtcOffsetMs = 8LL * 3600 * 1000;
inline constexpr UnixMillis kMillisPerDay = 86400LL * 1000;

bool IsLeapYear(int year);
// 28..31. REQUIRES: 1 <= month <= 12.
int DaysInMonth(int year, int month);
// Days since 1970-01-01 (negative before), valid for any int year.
std::int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(std::int64_t days);
// "YYYY-MM-DD".
std::string FormatDate(const CivilDate& date);

// The civil date in China Standard Time of the instant `t`.
CivilDate ChinaDateOf(UnixMillis t);
// The first and the last millisecond of `date` in China Standard Time.
UnixMillis ChinaStartOfDay(const CivilDate& date);
UnixMillis ChinaEndOfDay(const CivilDate& date);

// When the report for one year is due.
struct Deadline {
  CivilDate date;        // the last day on which publishing is on time
  UnixMillis last_ms = 0;  // 23:59:59.999 CST of `date`, as Unix milliseconds
};

// (report_year + 1, deadline_month, deadline_day) clamped to the month's
// length, plus schedule.grace_days (negative grace counts as 0).
Deadline DueDate(int report_year, const DeadlineRule& schedule);

enum class ComplianceState {
  kNotDueYet,  // the report year has not ended (CST) and no report was seen
  kPending,    // the year has ended, no report seen, the deadline has not passed
  kOnTime,     // first seen no later than the deadline
  kLate,       // first seen after the deadline
  kOverdue,    // not seen and the deadline has passed
};
// "not_due_yet", "pending", "on_time", "late", "overdue".
const char* ComplianceStateName(ComplianceState s);

ComplianceState Evaluate(int report_year, std::optional<UnixMillis> first_seen, UnixMillis now,
                         const DeadlineRule& schedule);

// The report years from first_year on whose year has ended by `now` (CST):
// each is either awaited (pending) or due. Ascending; empty when none.
std::vector<int> ExpectedYears(int first_year, UnixMillis now, const DeadlineRule& schedule);

}  // namespace nianbao::analysis
