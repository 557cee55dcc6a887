// Routing is by exact name: a source or agency listed in a route. An alert
// raised about a source (source_failing, a first-crawl summary) carries the
// source's name as both, so a route by source covers it.
#include "alerts/channels.h"

#include <algorithm>

namespace nianbao::alerts {
namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return !name.empty() && std::find(names.begin(), names.end(), name) != names.end();
}

void AddUnique(std::vector<std::string>* ids, const std::string& id) {
  if (std::find(ids->begin(), ids->end(), id) == ids->end()) ids->push_back(id);
}

std::string RouteChannelId(const AlertRoute& route, const char* kind) { return "route:" + route.name + ":" + kind; }

}  // namespace

std::vector<Channel> ConfiguredChannels(const AlertOptions& options) {
  std::vector<Channel> out;
  if (!options.webhook.url.empty()) out.push_back(Channel{"webhook", ChannelKind::kWebhook, options.webhook, {}});
  if (!options.smtp_url.empty() && !options.email_to.empty())
    out.push_back(Channel{"email", ChannelKind::kEmail, {}, options.email_to});
  for (const AlertRoute& r : options.routes) {
    if (!r.webhook.url.empty()) out.push_back(Channel{RouteChannelId(r, "webhook"), ChannelKind::kWebhook, r.webhook, {}});
    if (!options.smtp_url.empty() && !r.email_to.empty())
      out.push_back(Channel{RouteChannelId(r, "email"), ChannelKind::kEmail, {}, r.email_to});
  }
  return out;
}

std::optional<Channel> FindChannel(const AlertOptions& options, const std::string& id) {
  for (Channel& c : ConfiguredChannels(options))
    if (c.id == id) return std::move(c);
  return std::nullopt;
}

std::vector<std::string> RouteAlert(const AlertOptions& options, const std::string& source, const std::string& agency) {
  std::vector<std::string> ids;
  bool matched = false, also_default = false;
  for (const AlertRoute& r : options.routes) {
    if (!Contains(r.sources, source) && !Contains(r.agencies, agency)) continue;
    matched = true;
    also_default = also_default || r.also_default;
    if (!r.webhook.url.empty()) AddUnique(&ids, RouteChannelId(r, "webhook"));
    if (!options.smtp_url.empty() && !r.email_to.empty()) AddUnique(&ids, RouteChannelId(r, "email"));
  }
  if (!matched || also_default) {
    std::vector<std::string> defaults;
    if (!options.webhook.url.empty()) defaults.push_back("webhook");
    if (!options.smtp_url.empty() && !options.email_to.empty()) defaults.push_back("email");
    defaults.insert(defaults.end(), ids.begin(), ids.end());
    ids = std::move(defaults);
  }
  return ids;
}

int RatePerMinute(const Channel& channel) {
  if (channel.kind == ChannelKind::kEmail) return 0;
  if (channel.webhook.rate_per_minute >= 0) return channel.webhook.rate_per_minute;
  return channel.webhook.format == WebhookFormat::kJson ? 0 : 20;
}

std::string RateTarget(const Channel& channel) {
  return channel.kind == ChannelKind::kWebhook ? "webhook " + channel.webhook.url : "email " + channel.id;
}

}  // namespace nianbao::alerts
