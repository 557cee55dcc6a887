// `nianbao alerts`: the read-only alert history, as a table or JSON.
#include <iostream>

#include <nlohmann/json.hpp>

#include "alerts/alert_json.h"
#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/reader.h"
#include "app/cli/text_table.h"
#include "app/cli/time_format.h"

namespace nianbao::app {
namespace {

using Json = nlohmann::ordered_json;

Json AlertsJson(const std::vector<storage::AlertRow>& alerts) {
  Json out = Json::array();
  for (const storage::AlertRow& a : alerts) out.push_back(alerts::AlertJson(a));
  return out;
}

std::string AlertsTable(const std::vector<storage::AlertRow>& alerts) {
  TextTable t({"when", "kind", "agency", "year", "delivered", "resolved", "detail"});
  for (const storage::AlertRow& a : alerts)
    t.AddRow({LocalTime(a.first_seen_at), a.kind, a.agency.empty() ? "-" : a.agency,
              a.year ? std::to_string(a.year) : "-", a.delivered_to.empty() ? "not yet" : a.delivered_to,
              a.resolved_at ? LocalTime(*a.resolved_at) : "open", a.detail});
  return t.Render();
}

}  // namespace

int CmdAlerts(const GlobalOptions& g) {
  auto session = OpenForReading(g);
  if (!session.ok()) return Fail(session.status());
  auto alerts = session->store->ListAlerts(false);
  if (!alerts.ok()) return Fail(alerts.status());
  if (g.json) {
    std::cout << AlertsJson(*alerts).dump(2) << "\n";
  } else if (alerts->empty()) {
    std::cout << "no alerts yet; " << LastCrawlNote(*session->store, SystemClock::Instance().Now()) << "\n";
  } else {
    std::cout << AlertsTable(*alerts);
  }
  return kExitOk;
}

}  // namespace nianbao::app
