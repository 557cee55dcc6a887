#include "alerts/backfill.h"

#include <map>
#include <set>

#include <fmt/format.h>

namespace nianbao::alerts {
namespace {

void List(const char* what, const std::vector<BackfillItem>& items, bool with_detail, std::string* out) {
  if (items.empty()) return;
  *out += fmt::format("{} {} 份：\n", what, items.size());
  for (const BackfillItem& i : items) {
    *out += fmt::format("· {} {}", i.agency, i.year);
    if (with_detail && !i.detail.empty()) *out += "：" + i.detail.substr(0, i.detail.find('\n'));
    *out += "\n";
  }
}

}  // namespace

std::string BackfillSummary(const BackfillInput& in) {
  std::set<std::string> agencies;
  std::map<int, int> per_year;
  for (const storage::ReportSummary& r : in.reports) {
    agencies.insert(r.agency);
    ++per_year[r.year];
  }
  std::string out = fmt::format("找到 {} 个单位的年报 {} 份", agencies.size(), in.reports.size());
  std::string years;
  for (const auto& [year, n] : per_year) years += fmt::format("{}{} 年 {} 份", years.empty() ? "" : "，", year, n);
  out += years.empty() ? "\n" : "：" + years + "\n";
  List("逾期未发布", in.overdue, false, &out);
  List("数据校验未通过", in.checks_failed, true, &out);
  List("无法读取", in.unreadable, false, &out);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

int LatestDueYear(const analysis::DeadlineRule& rule, UnixMillis now) {
  int year = analysis::ChinaDateOf(now).year - 1;
  while (analysis::DueDate(year, rule).last_ms >= now) --year;
  return year;
}

}  // namespace nianbao::alerts
