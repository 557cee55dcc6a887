// AlertOptions: how alerts are delivered and repeated: the default channels
// (webhook, e-mail), the routes that send some alerts elsewhere, digests, rate
// limits, the reminder interval and when a failing source raises an alert.
// Plain data filled by the configuration ([alerts] section and its
// [[alerts.route]] entries, parsed with notifier.h ParseWebhookFormat);
// alerts/ reads it, never parses it again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nianbao::alerts {

// The body a webhook is sent: kJson, the alert's fields (a digest: its
// alerts); kDingTalk and kWeCom, those robots' text (digest: WeCom markdown)
// message (notifier.h WebhookPayload, digest.h).
enum class WebhookFormat { kJson, kDingTalk, kWeCom };

// A webhook destination: the default one or a route's.
struct WebhookOptions {
  std::string url;                                 // empty: none
  WebhookFormat format = WebhookFormat::kJson;     // "json", "dingtalk" or "wecom" in the file
  std::string secret;                              // DingTalk 加签 secret ("SEC…"); empty: unsigned
  int rate_per_minute = -1;                        // requests a minute; -1: the format's default
                                                   // (DingTalk, WeCom 20; JSON unlimited); 0: unlimited
};

// [[alerts.route]]: alerts whose source or agency is listed go to this
// route's channels, and to the default ones too only with also_default.
struct AlertRoute {
  std::string name;                    // names its channels ("route:<name>:webhook"); default "route<N>"
  std::vector<std::string> sources;    // source names it matches
  std::vector<std::string> agencies;   // agencies it matches
  WebhookOptions webhook;
  std::vector<std::string> email_to;   // e-mail recipients (with [alerts] smtp_url and email_from)
  bool also_default = false;
};

struct AlertOptions {
  WebhookOptions webhook;               // the default webhook
  bool digest = true;                   // one message per cycle and channel (split under its size limit)
  int max_alerts = 200;                 // a JSON digest: alerts per POST
  std::int64_t reminder_interval_s = 7 * 86400;  // repeat an open alert this often
  int source_failing_cycles = 3;        // a source failing this many cycles raises an alert
  std::string smtp_url;                 // e.g. "smtps://mail.example.org:465"; empty: no e-mail
  std::string smtp_credentials_file;    // "user:password" on one line, kept out of the config
  std::string email_from;
  std::vector<std::string> email_to;    // the default e-mail channel's recipients
  std::vector<AlertRoute> routes;
};

}  // namespace nianbao::alerts
