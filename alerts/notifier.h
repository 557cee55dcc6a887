// Alert delivery channels: a webhook (our own JSON, DingTalk or WeCom robot
// shape) over HTTP POST, and e-mail over SMTP, both with libcurl's easy
// interface. Each call is one bounded, blocking attempt; retrying, the outbox
// and deduplication belong to the caller, which passes a stable
// idempotency_key so a receiver can drop repeats of an at-least-once delivery.
// No state is kept between calls; URLs in error messages have their query
// (robot tokens live there) replaced by "?…".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/alert_options.h"
#include "common/clock.h"
#include "common/status.h"

namespace nianbao::alerts {

struct AlertMessage {
  std::string kind;    // e.g. "overdue", "late", "source_failing", "resolved"
  std::string agency;
  int year = 0;        // the report year; 0 when the alert is not about one
  std::string title;   // one line, e.g. "南岗区王岗镇 2021 年报逾期未发布"
  std::string detail;  // free text, may span lines
  std::optional<UnixMillis> first_seen;  // when the report was first seen, if ever
  std::string idempotency_key;           // stable across retries of this alert
};

// "json", "dingtalk", "wecom" → the format; kInvalidArgument otherwise.
Result<WebhookFormat> ParseWebhookFormat(std::string_view name);

// The alert as plain text for chat robots and e-mail bodies.
std::string AlertText(const AlertMessage& alert);

// The JSON body to POST: kJson: {"kind","agency","year","title","detail",
// "first_seen" (ISO 8601 in +08:00, or null),"idempotency_key"}; kDingTalk and
// kWeCom: {"msgtype":"text","text":{"content": AlertText(alert)}}, the text
// cut (at a UTF-8 boundary) so the body stays within the robot's limit
// (channels.h: DingTalk 20,000 bytes, WeCom text 2,048).
std::string WebhookPayload(const AlertMessage& alert, WebhookFormat format);

// The URL a DingTalk robot with 加签 security is posted to: `url` plus
// "timestamp=<now ms>&sign=<sign>" (after '&', or '?' when it has no query),
// sign = URL-encoded base64 of HMAC-SHA256(key = secret, "<now ms>\n<secret>").
// An empty secret returns `url` unchanged.
std::string SignedDingTalkUrl(const std::string& url, const std::string& secret, UnixMillis now);

// POSTs `body` (application/json) to `url` (http or https) with header
// "Idempotency-Key: <key>" (omitted when empty). Redirects are not followed.
// Ok only on a 2xx answer; otherwise kNetwork naming the URL and the cause:
// "HTTP 500: <first 200 bytes of the body>", a connect error, or a timeout
// after timeout_ms.
Status PostWebhook(const std::string& url, const std::string& body, long timeout_ms,
                   const std::string& idempotency_key);

// "=?UTF-8?B?…?=" encoded-words for a header value, folded so no line
// exceeds 76 characters; pure ASCII without control characters is returned as is.
std::string EncodeHeaderValue(std::string_view text);

// An RFC 5322 message: Date (in +0800), From, To, Subject (encoded-word),
// MIME-Version, a text/plain UTF-8 body in base64; CRLF line ends.
// kInvalidArgument when an address is empty or holds CR, LF, '<' or '>'.
Result<std::string> BuildEmailMessage(const std::string& from, const std::vector<std::string>& to,
                                      std::string_view subject, std::string_view body, UnixMillis date);

// "user:password" from the first line of `path`; kNotFound / kInvalidArgument
// naming the file otherwise.
struct SmtpCredentials {
  std::string user;
  std::string password;
};
Result<SmtpCredentials> ReadSmtpCredentials(const std::string& path);

// Sends one message over SMTP (smtp:// or smtps://). With a non-empty
// credentials_file the login is required to run over TLS (smtps, or STARTTLS
// on smtp://); without one, STARTTLS is used when the server offers it.
Status SendEmail(const std::string& smtp_url, const std::string& credentials_file, const std::string& from,
                 const std::vector<std::string>& to, std::string_view subject, std::string_view body,
                 long timeout_ms);

}  // namespace nianbao::alerts
