// Row labels of table 三 to canonical row keys: the label phrases of both
// layouts (2019 and 2021 forms), matched by substring, most specific first.
#include <string>
#include <string_view>
#include <vector>

#include "parser/tables/grid_rows.h"
#include "parser/tables/requests_mapper.h"

namespace nianbao::parser {
namespace {

struct Rule {
  const char* key;
  std::vector<std::string_view> any;  // the label holds one of these
};

// Order matters: more specific phrases first ("无正当理由大量重复申请" is
// mass_repeated, not duplicate; "逾期不补正" is not "补正后…不明确").
const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = {
      {"new", {"本年新收"}},
      {"carried_over", {"上年结转"}},
      {"carried_forward", {"结转下年"}},
      {"partially_granted", {"部分公开"}},
      {"granted", {"予以公开"}},
      {"denied_state_secret", {"国家秘密"}},
      {"denied_prohibited", {"禁止公", "行政止公开"}},  // 洪泽区 2023/2024 print "其他法律行政止公开"
      {"denied_security_stability", {"三安全", "一稳定"}},
      {"denied_third_party", {"第三方"}},
      {"denied_internal_affairs", {"内部事务"}},
      {"denied_process_info", {"过程性"}},
      {"denied_enforcement_files", {"执法案卷"}},
      {"denied_administrative_query", {"行政查询"}},
      {"unable_not_held", {"不掌握"}},
      {"unable_needs_creation", {"另行制", "没有现成"}},
      {"other_no_correction", {"不补正"}},
      {"other_unpaid_fee", {"缴纳费用", "收费通知"}},
      {"unable_unclear", {"不明确", "补正后"}},
      {"not_processed_petition", {"信访", "举报投诉"}},
      {"not_processed_mass_repeated", {"大量"}},
      {"not_processed_duplicate", {"重复申请"}},
      {"not_processed_publication", {"出版物"}},
      {"not_processed_confirmation", {"重新出具", "确认或"}},
  };
  return rules;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string RequestRowKey(std::string_view label, const std::string& previous) {
  if (label.empty()) return {};
  for (const Rule& rule : Rules()) {
    for (std::string_view p : rule.any) {
      if (Has(label, p)) return rule.key;
    }
  }
  if (Has(label, "(七)") || EndsWith(label, "总计")) return "outcome_total";
  if (EndsWith(label, "3.其他") || (EndsWith(label, "其他") && previous == "other_unpaid_fee")) return "other_other";
  if (Has(label, "其他处理")) return "other";
  return {};
}

}  // namespace nianbao::parser
