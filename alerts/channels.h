// Channels: the destinations AlertOptions configures, each under a stable id
// that the outbox stores with every delivery and digest part:
//   "webhook", "email"                         the default channels
//   "route:<name>:webhook", "route:<name>:email"  a [[alerts.route]]'s
// and which of them an alert goes to (RouteAlert). Pure functions of the
// options; no I/O. Rate limits are kept per webhook URL (RateTarget), so two
// routes posting to one robot share its limit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "alerts/alert_options.h"

namespace nianbao::alerts {

enum class ChannelKind { kWebhook, kEmail };

struct Channel {
  std::string id;
  ChannelKind kind = ChannelKind::kWebhook;
  WebhookOptions webhook;             // kWebhook
  std::vector<std::string> email_to;  // kEmail
};

// Every configured channel: the defaults first, then each route's, in order.
std::vector<Channel> ConfiguredChannels(const AlertOptions& options);

// The channel with this id, if still configured.
std::optional<Channel> FindChannel(const AlertOptions& options, const std::string& id);

// The channel ids an alert about `agency`, found in source `source` (either
// may be ""), goes to: every matching route's, plus the defaults when no route
// matches or a matching one says also_default; no id twice.
std::vector<std::string> RouteAlert(const AlertOptions& options, const std::string& source, const std::string& agency);

// Requests a minute `channel` may make; 0: unlimited.
int RatePerMinute(const Channel& channel);

// What the rate limit is counted against: "webhook <url>" (one robot, however
// many routes name it) or "email <channel id>".
std::string RateTarget(const Channel& channel);

// The largest message, in bytes of the POST body, a robot accepts:
// DingTalk 20,000; WeCom 4,096 (markdown, as digests are sent) and 2,048
// (text, one message per alert); 0 for JSON (no limit; digests are split by
// max_alerts instead).
inline constexpr std::size_t kDingTalkMessageBytes = 20000;
inline constexpr std::size_t kWeComMarkdownBytes = 4096;
inline constexpr std::size_t kWeComTextBytes = 2048;

}  // namespace nianbao::alerts
