// AlertOptions: how alerts are delivered and repeated: the channels (webhook,
// e-mail), the reminder interval and when a failing source raises an alert.
// Plain data filled by the configuration ([alerts] section, parsed with
// notifier.h ParseWebhookFormat); alerts/ reads it, never parses it again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nianbao::alerts {

// The body a webhook is sent: kJson, the alert's fields; kDingTalk and kWeCom,
// those robots' text message (notifier.h WebhookPayload).
enum class WebhookFormat { kJson, kDingTalk, kWeCom };

struct AlertOptions {
  std::string webhook;                  // JSON POST of each alert; empty: none
  WebhookFormat webhook_format = WebhookFormat::kJson;  // "json", "dingtalk" or "wecom" in the file
  std::int64_t reminder_interval_s = 7 * 86400;  // repeat an open alert this often
  int source_failing_cycles = 3;        // a source failing this many cycles raises an alert
  std::string smtp_url;                 // e.g. "smtps://mail.example.org:465"; empty: no e-mail
  std::string smtp_credentials_file;    // "user:password" on one line, kept out of the config
  std::string email_from;
  std::vector<std::string> email_to;
};

}  // namespace nianbao::alerts
