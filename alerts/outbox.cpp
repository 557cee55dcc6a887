// Outbox delivery. A single delivery's message is rebuilt from the alert row
// at send time (kind, agency, year, detail), so a reminder carries the current
// detail; a digest part is sent exactly as stored. A key whose period is
// "resolved" announces the alert's resolution. Channels that are no longer
// configured (after a reload) fail the delivery for good rather than leave it
// due forever.
#include "alerts/outbox.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "alerts/alert_engine.h"
#include "alerts/digest.h"
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
  if (a.kind == kAlertBackfill) return "首次抓取：" + a.agency;
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
  if (alerts.digest) NIANBAO_RETURN_IF_ERROR(ComposeDigests(alerts).WithContext("outbox: digests"));
  NIANBAO_RETURN_IF_ERROR(DeliverParts(alerts, stop, &pass));
  NIANBAO_RETURN_IF_ERROR(DeliverSingles(alerts, stop, &pass));
  return pass;
}

Status Outbox::ComposeDigests(const AlertOptions& alerts) {
  auto candidates = store_.DigestCandidates();
  if (!candidates.ok()) return candidates.status();
  if (candidates->empty()) return Status::Ok();
  auto last = store_.LastCycle();
  if (!last.ok()) return last.status();
  const std::int64_t cycle = *last ? (*last)->id : 0;
  std::map<std::string, std::vector<storage::DigestCandidate>> by_channel;
  for (storage::DigestCandidate& c : *candidates) by_channel[c.delivery.channel].push_back(std::move(c));
  for (const auto& [id, items] : by_channel) {
    std::optional<Channel> channel = FindChannel(alerts, id);
    if (!channel) {
      for (const storage::DigestCandidate& c : items)
        NIANBAO_RETURN_IF_ERROR(store_.MarkDeliveryFailed(c.delivery.id, "the " + id + " channel is no longer configured",
                                                          std::nullopt));
      continue;
    }
    DigestDraft draft = ComposeDigest(cycle, *channel, items, alerts.max_alerts);
    NIANBAO_RETURN_IF_ERROR(store_.StoreDigest(cycle, id, std::move(draft.parts), draft.deliveries));
  }
  return Status::Ok();
}

Status Outbox::DeliverParts(const AlertOptions& alerts, const std::atomic<bool>* stop, DeliveryPass* pass) {
  auto due = store_.DueDigestParts(options_.batch);
  if (!due.ok()) return due.status().WithContext("outbox: due digest parts");
  for (const storage::DigestPartRow& p : *due) {
    if (stop != nullptr && stop->load()) break;
    const std::string key = fmt::format("digest:{}:{}:{}", p.cycle_id, p.channel, p.part);
    std::optional<Channel> channel = FindChannel(alerts, p.channel);
    if (channel) {
      auto wait = RateWait(*channel);
      if (!wait.ok()) return wait.status();
      if (*wait) {
        ++pass->delayed;
        NIANBAO_RETURN_IF_ERROR(store_.DelayDigestPart(p.id, **wait));
        continue;
      }
    }
    Status sent = channel ? Post(*channel, alerts, p.subject, p.body, key)
                          : InvalidArgument("the " + p.channel + " channel is no longer configured");
    if (sent.ok()) {
      NIANBAO_RETURN_IF_ERROR(store_.MarkDigestPartSent(p.id).WithContext("outbox: " + key));
      spdlog::info("digest part {}/{} of cycle {} delivered over {} ({} alerts)", p.part, p.parts, p.cycle_id, p.channel,
                   p.alerts);
      ++pass->sent;
      continue;
    }
    std::optional<UnixMillis> retry = OnFailure(sent, p.attempts + 1, key, p.channel, pass);
    NIANBAO_RETURN_IF_ERROR(store_.MarkDigestPartFailed(p.id, sent.message(), retry).WithContext("outbox: " + key));
  }
  return Status::Ok();
}

Status Outbox::DeliverSingles(const AlertOptions& alerts, const std::atomic<bool>* stop, DeliveryPass* pass) {
  auto due = store_.DueDeliveries(options_.batch);
  if (!due.ok()) return due.status().WithContext("outbox: due deliveries");
  if (due->empty()) return Status::Ok();
  auto all = store_.ListAlerts(false);
  if (!all.ok()) return all.status().WithContext("outbox: alerts");
  std::map<std::int64_t, const storage::AlertRow*> by_id;
  for (const storage::AlertRow& a : *all) by_id[a.id] = &a;

  for (const storage::DeliveryRow& d : *due) {
    if (stop != nullptr && stop->load()) break;
    auto it = by_id.find(d.alert_id);
    std::optional<Channel> channel = FindChannel(alerts, d.channel);
    Status sent = Status::Ok();
    if (it == by_id.end()) {
      sent = Internal(fmt::format("alert {} not found", d.alert_id));
    } else if (!channel) {
      sent = InvalidArgument("the " + d.channel + " channel is no longer configured");
    } else {
      auto wait = RateWait(*channel);
      if (!wait.ok()) return wait.status();
      if (*wait) {
        ++pass->delayed;
        NIANBAO_RETURN_IF_ERROR(store_.DelayDelivery(d.id, **wait));
        continue;
      }
      const AlertMessage m = MessageFor(d, *it->second);
      const std::string body = channel->kind == ChannelKind::kWebhook
                                   ? WebhookPayload(m, channel->webhook.format)
                                   : AlertText(m) + "\n\nIdempotency-Key: " + d.idempotency_key + "\n";
      sent = Post(*channel, alerts, m.title, body, d.idempotency_key);
    }
    if (sent.ok()) {
      NIANBAO_RETURN_IF_ERROR(store_.MarkDeliverySent(d.id).WithContext("outbox: " + d.idempotency_key));
      spdlog::info("alert delivered over {}: {}", d.channel, d.idempotency_key);
      ++pass->sent;
      continue;
    }
    std::optional<UnixMillis> retry = OnFailure(sent, d.attempts + 1, d.idempotency_key, d.channel, pass);
    NIANBAO_RETURN_IF_ERROR(
        store_.MarkDeliveryFailed(d.id, sent.message(), retry).WithContext("outbox: " + d.idempotency_key));
  }
  return Status::Ok();
}

Result<std::optional<UnixMillis>> Outbox::RateWait(const Channel& channel) {
  const int limit = RatePerMinute(channel);
  if (limit <= 0) return std::optional<UnixMillis>();
  constexpr std::int64_t kWindowMs = 60000;
  auto sends = store_.ChannelSendsSince(RateTarget(channel), clock_.Now() - kWindowMs + 1);
  if (!sends.ok()) return sends.status();
  if (sends->size() < static_cast<std::size_t>(limit)) return std::optional<UnixMillis>();
  // The window allows another once the limit-th latest request is 60 s old.
  return std::optional<UnixMillis>((*sends)[sends->size() - static_cast<std::size_t>(limit)] + kWindowMs);
}

Status Outbox::Post(const Channel& channel, const AlertOptions& alerts, const std::string& subject,
                    const std::string& body, const std::string& key) {
  if (RatePerMinute(channel) > 0) NIANBAO_RETURN_IF_ERROR(store_.RecordChannelSend(RateTarget(channel)));
  if (channel.kind == ChannelKind::kWebhook) {
    const std::string url = channel.webhook.format == WebhookFormat::kDingTalk
                                ? SignedDingTalkUrl(channel.webhook.url, channel.webhook.secret, clock_.Now())
                                : channel.webhook.url;
    return PostWebhook(url, body, options_.timeout_ms, key);
  }
  return SendEmail(alerts.smtp_url, alerts.smtp_credentials_file, alerts.email_from, channel.email_to, subject, body,
                   options_.timeout_ms);
}

std::optional<UnixMillis> Outbox::OnFailure(const Status& sent, int attempts, const std::string& what,
                                            const std::string& channel, DeliveryPass* pass) {
  ++pass->failed;
  failures_.fetch_add(1);
  const bool permanent = sent.code() == Code::kInvalidArgument || sent.code() == Code::kInternal;
  std::optional<UnixMillis> retry = permanent ? std::nullopt : RetryAt(attempts, clock_.Now(), options_);
  if (!retry) ++pass->gave_up;
  spdlog::warn("alert delivery {} over {} failed (attempt {}): {}; {}", what, channel, attempts, sent.message(),
               retry ? "will retry" : "giving up");
  return retry;
}

}  // namespace nianbao::alerts
