// Tests for app/deadline.h: civil-date arithmetic, the CST end-of-day
// boundary, grace days, leap-year clamping and the compliance states.
#include "analysis/deadline.h"

#include <doctest/doctest.h>

namespace nianbao::analysis {
namespace {

constexpr UnixMillis kEndOfJan31Cst2022 = 1643644799999;  // 2022-01-31T23:59:59.999+08:00
constexpr UnixMillis kEndOf2021Cst = 1640966399999;       // 2021-12-31T23:59:59.999+08:00

DeadlineRule Schedule(int month, int day, int grace) {
  DeadlineRule s;
  s.deadline_month = month;
  s.deadline_day = day;
  s.grace_days = grace;
  return s;
}

TEST_CASE("days-from-civil round-trips and matches known dates") {
  CHECK(DaysFromCivil({1970, 1, 1}) == 0);
  CHECK(DaysFromCivil({2022, 1, 31}) == 19023);
  CHECK(DaysFromCivil({1969, 12, 31}) == -1);
  CHECK(CivilFromDays(-1) == CivilDate{1969, 12, 31});
  for (std::int64_t d = -800000; d <= 800000; d += 997) {
    CHECK(DaysFromCivil(CivilFromDays(d)) == d);
  }
  CHECK(FormatDate({2024, 2, 29}) == "2024-02-29");
  CHECK(IsLeapYear(2000));
  CHECK_FALSE(IsLeapYear(1900));
  CHECK(DaysInMonth(2024, 2) == 29);
  CHECK(DaysInMonth(2023, 2) == 28);
}

TEST_CASE("the default deadline ends at 23:59:59.999 CST on 31 January of Y+1") {
  const Deadline due = DueDate(2021, DeadlineRule{});
  CHECK(FormatDate(due.date) == "2022-01-31");
  CHECK(due.last_ms == kEndOfJan31Cst2022);
  CHECK(ChinaDateOf(due.last_ms) == CivilDate{2022, 1, 31});
  CHECK(ChinaDateOf(due.last_ms + 1) == CivilDate{2022, 2, 1});
}

TEST_CASE("a report first seen exactly at the boundary is on time, one ms later is late") {
  const DeadlineRule s;
  ManualClock clock(kEndOfJan31Cst2022 + 86400000);
  CHECK(Evaluate(2021, kEndOfJan31Cst2022, clock.Now(), s) == ComplianceState::kOnTime);
  CHECK(Evaluate(2021, kEndOfJan31Cst2022 + 1, clock.Now(), s) == ComplianceState::kLate);
  // 23:59 CST on the due date is still 15:59 UTC: on time.
  CHECK(Evaluate(2021, kEndOfJan31Cst2022 - 59999, clock.Now(), s) == ComplianceState::kOnTime);
}

TEST_CASE("an unseen report is not due, pending, then overdue as the clock moves") {
  const DeadlineRule s;
  ManualClock clock(kEndOf2021Cst);
  CHECK(Evaluate(2021, std::nullopt, clock.Now(), s) == ComplianceState::kNotDueYet);
  clock.Advance(1);  // 2022-01-01 00:00 CST
  CHECK(Evaluate(2021, std::nullopt, clock.Now(), s) == ComplianceState::kPending);
  clock.Set(kEndOfJan31Cst2022);
  CHECK(Evaluate(2021, std::nullopt, clock.Now(), s) == ComplianceState::kPending);
  clock.Advance(1);
  CHECK(Evaluate(2021, std::nullopt, clock.Now(), s) == ComplianceState::kOverdue);
  CHECK(std::string(ComplianceStateName(ComplianceState::kOverdue)) == "overdue");
}

TEST_CASE("a report found late stays late whatever the current time") {
  const DeadlineRule s;
  const UnixMillis march15 = 1647309600000;  // 2022-03-15T10:00:00+08:00
  ManualClock clock(march15);
  CHECK(Evaluate(2021, march15, clock.Now(), s) == ComplianceState::kLate);
  clock.Advance(365LL * 86400000);
  CHECK(Evaluate(2021, march15, clock.Now(), s) == ComplianceState::kLate);
}

TEST_CASE("grace days move the deadline, across a month end") {
  const Deadline due = DueDate(2021, Schedule(1, 31, 3));
  CHECK(FormatDate(due.date) == "2022-02-03");
  CHECK(due.last_ms == kEndOfJan31Cst2022 + 3 * kMillisPerDay);
  ManualClock clock(kEndOfJan31Cst2022 + 1);
  CHECK(Evaluate(2021, std::nullopt, clock.Now(), Schedule(1, 31, 3)) == ComplianceState::kPending);
  CHECK(Evaluate(2021, clock.Now(), clock.Now(), Schedule(1, 31, 3)) == ComplianceState::kOnTime);
  CHECK(FormatDate(DueDate(2021, Schedule(1, 31, -5)).date) == "2022-01-31");
}

TEST_CASE("a 02-29 deadline is clamped to 02-28 in common years") {
  CHECK(FormatDate(DueDate(2023, Schedule(2, 29, 0)).date) == "2024-02-29");
  CHECK(FormatDate(DueDate(2022, Schedule(2, 29, 0)).date) == "2023-02-28");
  CHECK(FormatDate(DueDate(2022, Schedule(2, 29, 1)).date) == "2023-03-01");
  CHECK(FormatDate(DueDate(2023, Schedule(2, 29, 1)).date) == "2024-03-01");
  CHECK(FormatDate(DueDate(2099, Schedule(2, 29, 0)).date) == "2100-02-28");  // 2100 is not leap
  CHECK(FormatDate(DueDate(2021, Schedule(3, 31, 0)).date) == "2022-03-31");
}

TEST_CASE("expected years are those whose year has ended in CST") {
  const DeadlineRule s;
  CHECK(ExpectedYears(2019, kEndOf2021Cst, s) == std::vector<int>{2019, 2020});
  CHECK(ExpectedYears(2019, kEndOf2021Cst + 1, s) == std::vector<int>{2019, 2020, 2021});
  CHECK(ExpectedYears(2019, 1654041600000, s) == std::vector<int>{2019, 2020, 2021});  // 2022-06-01
  CHECK(ExpectedYears(2022, kEndOf2021Cst + 1, s).empty());
}

}  // namespace
}  // namespace nianbao::analysis
