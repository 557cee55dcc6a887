#include "parser/schema.h"

#include <map>

namespace nianbao::parser {
namespace {

const std::vector<std::string> kRequestColumns = {"natural_person", "commercial", "research", "social_welfare",
                                                  "legal_service",  "other",      "total"};
const std::vector<std::string> kReviewColumns = {"upheld", "corrected", "other", "pending", "total"};

std::vector<SchemaRow> RequestRows(bool f2021) {
  std::vector<std::string> keys = {
      "new", "carried_over", "granted", "partially_granted", "denied_state_secret", "denied_prohibited",
      "denied_security_stability", "denied_third_party", "denied_internal_affairs", "denied_process_info",
      "denied_enforcement_files", "denied_administrative_query", "unable_not_held", "unable_needs_creation",
      "unable_unclear", "not_processed_petition", "not_processed_duplicate", "not_processed_publication",
      "not_processed_mass_repeated", "not_processed_confirmation"};
  // (六) 其他处理: one row in 2019; in 2021 three sub-rows, or the single row of
  // a 2021 report that keeps the old form (洪泽区 2023/2024). It stands before
  // the sub-rows so that the 2021 order is the 2019 order plus the sub-rows.
  keys.push_back("other");
  if (f2021) keys.insert(keys.end(), {"other_no_correction", "other_unpaid_fee", "other_other"});
  keys.insert(keys.end(), {"outcome_total", "carried_forward"});
  std::vector<SchemaRow> rows;
  for (auto& k : keys) rows.push_back({k, kRequestColumns});
  return rows;
}

const std::vector<SchemaRow>& Active2021() {
  static const std::vector<SchemaRow> rows = {
      {"regulations", {"issued", "repealed", "in_force"}},
      {"normative_documents", {"issued", "repealed", "in_force"}},
      {"licensing", {"decisions"}},
      {"penalty", {"decisions"}},
      {"coercion", {"decisions"}},
      {"fees", {"amount"}},
  };
  return rows;
}

const std::vector<SchemaRow>& Active2019() {
  static const std::vector<SchemaRow> rows = {
      {"regulations", {"made", "published", "total"}},
      {"normative_documents", {"made", "published", "total"}},
      {"licensing", {"prior_items", "change", "decisions"}},
      {"other_services", {"prior_items", "change", "decisions"}},
      {"penalty", {"prior_items", "change", "decisions"}},
      {"coercion", {"prior_items", "change", "decisions"}},
      {"fees", {"prior_items", "change"}},
      {"procurement", {"items", "amount"}},
  };
  return rows;
}

}  // namespace

const std::vector<SchemaRow>& SchemaRows(const std::string& table, ReportFormat f) {
  static const std::vector<SchemaRow> req2021 = RequestRows(true);
  static const std::vector<SchemaRow> req2019 = RequestRows(false);
  static const std::vector<SchemaRow> review = {{"review", kReviewColumns},
                                                {"litigation_direct", kReviewColumns},
                                                {"litigation_after_review", kReviewColumns}};
  static const std::vector<SchemaRow> none;
  bool f2019 = f == ReportFormat::k2019;
  if (table == kActiveTable) return f2019 ? Active2019() : Active2021();
  if (table == kRequestsTable) return f2019 ? req2019 : req2021;
  if (table == kReviewTable) return review;
  return none;
}

const std::vector<std::string>& RequestColumns() { return kRequestColumns; }

std::vector<std::string> OutcomeRows(ReportFormat f, bool single_other) {
  const bool sub_rows = f != ReportFormat::k2019 && !single_other;
  std::vector<std::string> out;
  for (const SchemaRow& r : SchemaRows(kRequestsTable, f)) {
    if (r.key == "new" || r.key == "carried_over" || r.key == "outcome_total" || r.key == "carried_forward") continue;
    const bool sub_row = r.key.rfind("other_", 0) == 0;
    if (r.key == "other" && sub_rows) continue;
    if (sub_row && !sub_rows) continue;
    out.push_back(r.key);
  }
  return out;
}

std::string CaptionOf(const std::string& key) {
  static const std::map<std::string, std::string> kCaptions = {
      {"natural_person", "自然人"}, {"commercial", "商业企业"}, {"research", "科研机构"},
      {"social_welfare", "社会公益组织"}, {"legal_service", "法律服务机构"}, {"other", "其他"},
      {"total", "总计"}, {"new", "一"}, {"carried_over", "二"}, {"outcome_total", "(七)"},
      {"carried_forward", "四"}, {"review", "行政复议"}, {"litigation_direct", "未经复议直接起诉"},
      {"litigation_after_review", "复议后起诉"}};
  auto it = kCaptions.find(key);
  return it == kCaptions.end() ? key : it->second;
}

}  // namespace nianbao::parser
