// Outbox delivery. The message is rebuilt from the alert row at send time
// (kind, agency, year, detail), so a reminder carries the current detail. A
// key whose period is "resolved" announces the alert's resolution. Channels
// that are no longer configured (after a reload) fail the delivery for good
// rather than leave it due forever.
#include "alerts/outbox.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "alerts/alert_engine.h"
#include "alerts/notifier.h"

namespace nianbao::alerts {
namespace {

std::string Title(const storage::AlertRow& a) {
  const std::string who = a.year > 0 ? fmt::format("{} {} 年", a.agency, a.year) : a.agency;
  if (a.kind == kAlertOverdue) return who + "报逾期未发布";
  if (a.kind == kAlertLate) return who + "报逾期后发布";
  if (a.kind == kAlertSourceFailing) return "信息公开栏目抓取连续失败：" + a.agency;
  if (a.kind == kAlertUnreadable) return who + "报无法读取";
  if (a.kind == kAlertChecksFailed) return who + "报数据校验未通过";
  if (a.kind == kAlertRevised) return who + "报已修改";
  if (a.kind == kAlertWithdrawn) return who + "报已被撤下";
  return fmt::format("{}: {}", a.kind, who);
}

bool IsResolution(const std::string& key) {
  static const std::string kSuffix = ":resolved";
  return key.size() >= kSuffix.size() && key.compare(key.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

AlertMessage MessageFor(const storage::DeliveryRow& d, const storage::AlertRow& a) {
  AlertMessage m;
  m.agency = a.agency;
  m.year = a.year;
  m.idempotency_key = d.idempotency_key;
  if (IsResolution(d.idempotency_key)) {
    m.kind = "resolved";
    m.title = "已解决：" + Title(a);
    m.detail = fmt::format("{} alert resolved; it said: {}", a.kind, a.detail);
  } else {
    m.kind = a.kind;
    m.title = Title(a);
    m.detail = a.detail;
  }
  return m;
}

}  // namespace

std::optional<UnixMillis> RetryAt(int attempts, UnixMillis now, const OutboxOptions& options) {
  if (attempts >= options.max_attempts) return std::nullopt;
  std::int64_t wait = options.retry_base_ms;
  for (int i = 1; i < attempts && wait < options.retry_cap_ms; ++i) wait *= 2;
  return now + std::min(wait, options.retry_cap_ms);
}

Result<DeliveryPass> Outbox::DeliverDue(const AlertOptions& alerts, const std::atomic<bool>* stop) {
  DeliveryPass pass;
  auto due = store_.DueDeliveries(options_.batch);
  if (!due.ok()) return due.status().WithContext("outbox: due deliveries");
  if (due->empty()) return pass;
  auto all = store_.ListAlerts(false);
  if (!all.ok()) return all.status().WithContext("outbox: alerts");
  std::map<std::int64_t, const storage::AlertRow*> by_id;
  for (const storage::AlertRow& a : *all) by_id[a.id] = &a;

  for (const storage::DeliveryRow& d : *due) {
    if (stop != nullptr && stop->load()) break;
    auto it = by_id.find(d.alert_id);
    Status sent = it == by_id.end() ? Internal(fmt::format("alert {} not found", d.alert_id))
                                    : Send(d, *it->second, alerts);
    if (sent.ok()) {
      NIANBAO_RETURN_IF_ERROR(store_.MarkDeliverySent(d.id).WithContext("outbox: " + d.idempotency_key));
      spdlog::info("alert delivered over {}: {}", d.channel, d.idempotency_key);
      ++pass.sent;
      continue;
    }
    ++pass.failed;
    failures_.fetch_add(1);
    const bool permanent = sent.code() == Code::kInvalidArgument || sent.code() == Code::kInternal;
    std::optional<UnixMillis> retry =
        permanent ? std::nullopt : RetryAt(d.attempts + 1, clock_.Now(), options_);
    if (!retry) ++pass.gave_up;
    spdlog::warn("alert delivery {} over {} failed (attempt {}): {}; {}", d.idempotency_key, d.channel,
                 d.attempts + 1, sent.message(), retry ? "will retry" : "giving up");
    NIANBAO_RETURN_IF_ERROR(
        store_.MarkDeliveryFailed(d.id, sent.message(), retry).WithContext("outbox: " + d.idempotency_key));
  }
  return pass;
}

Status Outbox::Send(const storage::DeliveryRow& d, const storage::AlertRow& alert, const AlertOptions& alerts) {
  const AlertMessage m = MessageFor(d, alert);
  if (d.channel == "webhook") {
    if (alerts.webhook.empty()) return InvalidArgument("the webhook channel is no longer configured");
    return PostWebhook(alerts.webhook, WebhookPayload(m, alerts.webhook_format), options_.timeout_ms,
                       d.idempotency_key);
  }
  if (d.channel == "email") {
    if (alerts.smtp_url.empty()) return InvalidArgument("the email channel is no longer configured");
    return SendEmail(alerts.smtp_url, alerts.smtp_credentials_file, alerts.email_from, alerts.email_to, m.title,
                     AlertText(m) + "\n\nIdempotency-Key: " + d.idempotency_key + "\n", options_.timeout_ms);
  }
  return InvalidArgument("unknown alert channel '" + d.channel + "'");
}

}  // namespace nianbao::alerts
