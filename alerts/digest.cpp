// Packing is greedy over lines, measured as the JSON-escaped bytes they add to
// the POST body, so a part is checked against the robot's limit as it will be
// sent, envelope and title included (the title is reserved at its widest).
#include "alerts/digest.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/alert_engine.h"
#include "alerts/alert_json.h"

namespace nianbao::alerts {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kLineBytes = 1000;  // a compact line, at most
constexpr const char* kSectionKinds[] = {kAlertOverdue,    kAlertSourceFailing, kAlertWithdrawn, kAlertUnreadable,
                                         kAlertChecksFailed, kAlertLate,        kAlertRevised};

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// Bytes `text` takes inside a JSON string.
std::size_t EscapedSize(const std::string& text) { return Dump(Json(text)).size() - 2; }

bool IsResolution(const storage::DeliveryRow& d) {
  static const std::string kSuffix = ":resolved";
  const std::string& k = d.idempotency_key;
  return k.size() >= kSuffix.size() && k.compare(k.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

// The reminder number in "<id>:<channel>:<n>", 0 if none.
long ReminderOf(const storage::DeliveryRow& d) {
  const std::size_t colon = d.idempotency_key.rfind(':');
  if (colon == std::string::npos) return 0;
  try {
    return std::stol(d.idempotency_key.substr(colon + 1));
  } catch (...) {
    return 0;
  }
}

std::string Who(const storage::AlertRow& a) {
  if (a.agency.empty()) return "-";
  return a.year > 0 ? fmt::format("{} {}", a.agency, a.year) : a.agency;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

struct Section {
  std::string header;  // the count line
  std::vector<std::pair<std::string, std::int64_t>> lines;  // text, delivery it belongs to
};

// The sections in digest order (see digest.h).
std::vector<Section> Sections(const std::vector<storage::DigestCandidate>& items) {
  std::vector<const storage::DigestCandidate*> sorted;
  for (const auto& c : items) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* x, const auto* y) {
    return std::tie(x->alert.agency, x->alert.year) < std::tie(y->alert.agency, y->alert.year);
  });
  std::vector<Section> out;
  for (const auto* c : sorted) {
    if (c->alert.kind != kAlertBackfill || IsResolution(c->delivery)) continue;
    Section s{"【" + KindTitle(kAlertBackfill) + "】" + c->alert.agency, {}};
    std::size_t start = 0;
    while (start < c->alert.detail.size()) {
      std::size_t end = c->alert.detail.find('\n', start);
      if (end == std::string::npos) end = c->alert.detail.size();
      if (end > start) s.lines.emplace_back(CutUtf8(c->alert.detail.substr(start, end - start), kLineBytes), c->delivery.id);
      start = end + 1;
    }
    if (s.lines.empty()) s.lines.emplace_back("-", c->delivery.id);
    out.push_back(std::move(s));
  }
  for (const char* kind : kSectionKinds) {
    Section s;
    for (const auto* c : sorted) {
      if (c->alert.kind != kind || IsResolution(c->delivery)) continue;
      const long reminder = ReminderOf(c->delivery);
      std::string line = "· " + Who(c->alert) + "：" + FirstLine(c->alert.detail);
      if (reminder > 0) line += fmt::format("（第 {} 次提醒）", reminder);
      s.lines.emplace_back(CutUtf8(line, kLineBytes), c->delivery.id);
    }
    if (s.lines.empty()) continue;
    s.header = fmt::format("■ {} {} 条", KindTitle(kind), s.lines.size());
    out.push_back(std::move(s));
  }
  Section resolved;
  Section other;  // kinds this build does not know, kept rather than dropped
  for (const auto* c : sorted) {
    const bool known = c->alert.kind == kAlertBackfill ||
                       std::find_if(std::begin(kSectionKinds), std::end(kSectionKinds),
                                    [&](const char* k) { return c->alert.kind == k; }) != std::end(kSectionKinds);
    if (IsResolution(c->delivery)) {
      resolved.lines.emplace_back(CutUtf8("· " + KindTitle(c->alert.kind) + "：" + Who(c->alert), kLineBytes),
                                  c->delivery.id);
    } else if (!known) {
      other.lines.emplace_back(CutUtf8("· " + c->alert.kind + " " + Who(c->alert) + "：" + FirstLine(c->alert.detail), kLineBytes),
                               c->delivery.id);
    }
  }
  if (!other.lines.empty()) {
    other.header = fmt::format("■ 其他 {} 条", other.lines.size());
    out.push_back(std::move(other));
  }
  if (!resolved.lines.empty()) {
    resolved.header = fmt::format("■ 已解决 {} 条", resolved.lines.size());
    out.push_back(std::move(resolved));
  }
  return out;
}

std::string Title(std::int64_t cycle, int part, int parts) {
  return fmt::format("【nianbao】年报巡检第 {} 轮（{}/{}）", cycle, part, parts);
}

// The robot's POST body around `content`.
std::string RobotBody(WebhookFormat format, const std::string& content) {
  Json j;
  if (format == WebhookFormat::kWeCom) {
    j["msgtype"] = "markdown";
    j["markdown"] = {{"content", content}};
  } else {
    j["msgtype"] = "text";
    j["text"] = {{"content", content}};
  }
  return Dump(j);
}

struct TextPart {
  std::string content;  // without the title
  std::vector<std::int64_t> deliveries;
};

// Packs the sections into parts whose content (plus the title) escapes to at
// most `budget` bytes; budget 0: one part.
std::vector<TextPart> Pack(const std::vector<Section>& sections, std::size_t budget) {
  std::vector<TextPart> parts(1);
  std::size_t used = 0;
  auto add = [&](const std::string& line, std::int64_t delivery) {
    parts.back().content += line + "\n";
    used += EscapedSize(line) + 2;
    auto& ds = parts.back().deliveries;
    if (delivery != 0 && std::find(ds.begin(), ds.end(), delivery) == ds.end()) ds.push_back(delivery);
  };
  auto fits = [&](std::size_t more) { return budget == 0 || used + more <= budget; };
  auto next_part = [&] {
    parts.emplace_back();
    used = 0;
  };
  for (const Section& s : sections) {
    bool opened = false;
    for (const auto& [line, delivery] : s.lines) {
      const std::size_t line_cost = EscapedSize(line) + 2;
      const std::size_t header_cost = s.header.empty() ? 0 : EscapedSize(s.header) + 2 + 6;  // "（续）"
      if (!opened || !fits(line_cost)) {
        if (!fits(header_cost + line_cost) && used > 0) next_part();
        if (!s.header.empty()) add(opened ? s.header + "（续）" : s.header, 0);
        opened = true;
      }
      add(line, delivery);
    }
  }
  // A delivery cut over two parts belongs to the first; later parts drop it.
  std::vector<std::int64_t> seen;
  for (TextPart& p : parts) {
    std::vector<std::int64_t> own;
    for (std::int64_t d : p.deliveries)
      if (std::find(seen.begin(), seen.end(), d) == seen.end()) own.push_back(d), seen.push_back(d);
    p.deliveries = std::move(own);
  }
  return parts;
}

DigestDraft RobotOrEmail(std::int64_t cycle_id, const Channel& channel,
                         const std::vector<storage::DigestCandidate>& items) {
  std::size_t budget = 0;
  if (channel.kind == ChannelKind::kWebhook) {
    const std::size_t limit =
        channel.webhook.format == WebhookFormat::kWeCom ? kWeComMarkdownBytes : kDingTalkMessageBytes;
    const std::size_t envelope = RobotBody(channel.webhook.format, "").size();
    const std::size_t title = EscapedSize(Title(cycle_id, 9999, 9999)) + 2;
    budget = limit - envelope - title;
  }
  std::vector<TextPart> packed = Pack(Sections(items), budget);
  DigestDraft draft;
  const int n = static_cast<int>(packed.size());
  for (int i = 0; i < n; ++i) {
    storage::DigestPartRow row;
    row.parts = n;
    const std::string content = Title(cycle_id, i + 1, n) + "\n" + packed[i].content;
    if (channel.kind == ChannelKind::kWebhook) {
      row.body = RobotBody(channel.webhook.format, content);
    } else {
      row.subject = fmt::format("【nianbao】年报巡检第 {} 轮：{} 条告警", cycle_id, items.size());
      row.body = content;
    }
    draft.parts.push_back(std::move(row));
    draft.deliveries.push_back(std::move(packed[i].deliveries));
  }
  return draft;
}

DigestDraft JsonParts(std::int64_t cycle_id, const std::vector<storage::DigestCandidate>& items, int max_alerts) {
  // The same order as the text: summaries, kinds, resolutions.
  std::map<std::int64_t, const storage::DigestCandidate*> by_delivery;
  for (const auto& c : items) by_delivery[c.delivery.id] = &c;
  std::vector<const storage::DigestCandidate*> order;
  for (const Section& s : Sections(items))
    for (const auto& [line, d] : s.lines)
      if (order.empty() || order.back()->delivery.id != d) order.push_back(by_delivery.at(d));
  const std::size_t per = static_cast<std::size_t>(std::max(1, max_alerts));
  const int n = static_cast<int>((order.size() + per - 1) / per);
  DigestDraft draft;
  for (int i = 0; i < n; ++i) {
    Json alerts = Json::array();
    std::vector<std::int64_t> ids;
    for (std::size_t k = i * per; k < std::min(order.size(), (i + 1) * per); ++k) {
      Json a = AlertJson(order[k]->alert);
      if (IsResolution(order[k]->delivery)) a["resolved"] = true;
      alerts.push_back(std::move(a));
      ids.push_back(order[k]->delivery.id);
    }
    storage::DigestPartRow row;
    row.parts = n;
    row.body = Dump(Json{{"cycle", cycle_id}, {"part", i + 1}, {"parts", n}, {"alerts", std::move(alerts)}});
    draft.parts.push_back(std::move(row));
    draft.deliveries.push_back(std::move(ids));
  }
  return draft;
}

}  // namespace

std::string KindTitle(const std::string& kind) {
  static const std::map<std::string, std::string> kTitles = {
      {kAlertOverdue, "逾期未发布"},        {kAlertLate, "逾期后发布"},      {kAlertSourceFailing, "栏目抓取连续失败"},
      {kAlertUnreadable, "无法读取"},       {kAlertChecksFailed, "数据校验未通过"}, {kAlertRevised, "已修改"},
      {kAlertWithdrawn, "已被撤下"},        {kAlertBackfill, "首次抓取"}};
  auto it = kTitles.find(kind);
  return it == kTitles.end() ? kind : it->second;
}

std::string CutUtf8(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  static const std::string kEllipsis = "…";
  std::size_t end = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + kEllipsis;
}

DigestDraft ComposeDigest(std::int64_t cycle_id, const Channel& channel,
                          const std::vector<storage::DigestCandidate>& items, int max_alerts) {
  if (items.empty()) return {};
  if (channel.kind == ChannelKind::kWebhook && channel.webhook.format == WebhookFormat::kJson)
    return JsonParts(cycle_id, items, max_alerts);
  return RobotOrEmail(cycle_id, channel, items);
}

}  // namespace nianbao::alerts
