// Delivery is a single synchronous libcurl easy transfer per call because
// alerts are rare (a few per cycle) and the caller's outbox already retries;
// a multi handle would buy nothing. Every transfer is bounded by
// CURLOPT_TIMEOUT_MS and uses CURLOPT_NOSIGNAL so it is safe off the main
// thread. Redirects are refused outright: a webhook that answers 3xx is a
// misconfiguration, and following it could leak the alert to another host.
#include "alerts/notifier.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "alerts/channels.h"
#include "alerts/digest.h"
#include "analysis/deadline.h"
#include "net/curl_handles.h"

namespace nianbao::alerts {
namespace {

using net::AppendHeader;
using net::CurlEasyPtr;
using net::CurlSlistPtr;

constexpr std::size_t kErrorBodyBytes = 200;

// The URL without its query, which holds robot access tokens.
std::string RedactUrl(const std::string& url) {
  const std::size_t q = url.find('?');
  return q == std::string::npos ? url : url.substr(0, q) + "?…";
}

std::string IsoCst(UnixMillis t) {
  const analysis::CivilDate d = analysis::ChinaDateOf(t);
  const UnixMillis ms_of_day = t - analysis::ChinaStartOfDay(d);
  const long long s = ms_of_day / 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld+08:00", analysis::FormatDate(d).c_str(), s / 3600, s / 60 % 60,
                s % 60);
  return buf;
}

// "Sun, 22 Nov 2026 13:00:27 +0800" (RFC 5322 §3.3).
std::string RfcDate(UnixMillis t) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const analysis::CivilDate d = analysis::ChinaDateOf(t);
  const std::int64_t days = analysis::DaysFromCivil(d);
  const int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  const long long s = (t - analysis::ChinaStartOfDay(d)) / 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %d %s %04d %02lld:%02lld:%02lld +0800", kDays[weekday], d.day,
                kMonths[d.month - 1], d.year, s / 3600, s / 60 % 60, s % 60);
  return buf;
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? static_cast<unsigned char>(in[i + k]) : 0);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 0x3F] : '=';
  }
  return out;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool NeedsEncoding(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20 || u == 0x7F) return true;
  }
  return text.find("=?") != std::string_view::npos;
}

// Header-safe: non-empty, no line breaks, no angle brackets.
Status CheckAddress(const std::string& addr, const char* role) {
  if (addr.empty()) return InvalidArgument(std::string("e-mail: empty ") + role + " address");
  if (addr.find_first_of("\r\n<>") != std::string::npos) {
    return InvalidArgument(std::string("e-mail: ") + role + " address '" + addr + "' holds CR, LF, '<' or '>'");
  }
  return Status::Ok();
}

size_t CaptureBody(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t bytes = size * n;
  if (out->size() < kErrorBodyBytes) out->append(data, std::min(bytes, kErrorBodyBytes - out->size()));
  return bytes;  // keep reading; only the head is kept
}

struct ReadCursor {
  const std::string* data;
  std::size_t pos = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t n, void* user) {
  auto* cur = static_cast<ReadCursor*>(user);
  const size_t len = std::min(size * n, cur->data->size() - cur->pos);
  std::copy_n(cur->data->data() + cur->pos, len, buffer);
  cur->pos += len;
  return len;
}

// The curl error as an operator reads it: timeouts say so with the limit.
Status TransferError(const std::string& what, CURLcode rc, const char* errbuf, long timeout_ms) {
  std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return NetworkError(what + ": timed out after " + std::to_string(timeout_ms) + " ms (" + detail + ")");
  }
  return NetworkError(what + ": " + detail);
}

// Options every transfer shares.
void SetCommonOptions(CURL* h, const std::string& url, long timeout_ms, char* errbuf) {
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
}

}  // namespace

Result<WebhookFormat> ParseWebhookFormat(std::string_view name) {
  if (name == "json") return WebhookFormat::kJson;
  if (name == "dingtalk") return WebhookFormat::kDingTalk;
  if (name == "wecom") return WebhookFormat::kWeCom;
  return InvalidArgument("alerts.webhook_format: '" + std::string(name) +
                         "' is not one of \"json\", \"dingtalk\", \"wecom\"");
}

std::string AlertText(const AlertMessage& a) {
  std::string text = "【nianbao】" + a.title + "\n";
  if (!a.agency.empty()) text += "单位：" + a.agency + "\n";
  if (a.year != 0) text += "年度：" + std::to_string(a.year) + "\n";
  if (a.first_seen) text += "首次发现：" + IsoCst(*a.first_seen) + "\n";
  if (!a.detail.empty()) text += a.detail + "\n";
  return text;
}

std::string WebhookPayload(const AlertMessage& a, WebhookFormat format) {
  nlohmann::ordered_json j;
  if (format == WebhookFormat::kJson) {
    j["kind"] = a.kind;
    j["agency"] = a.agency;
    j["year"] = a.year;
    j["title"] = a.title;
    j["detail"] = a.detail;
    j["first_seen"] = a.first_seen ? nlohmann::ordered_json(IsoCst(*a.first_seen)) : nullptr;
    j["idempotency_key"] = a.idempotency_key;
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  // DingTalk and WeCom robots take the same text message shape. The text is
  // cut until the whole body fits (escaping may add a few bytes per line).
  const std::size_t limit = format == WebhookFormat::kWeCom ? kWeComTextBytes : kDingTalkMessageBytes;
  std::string text = AlertText(a);
  for (;;) {
    j["msgtype"] = "text";
    j["text"] = {{"content", text}};
    std::string body = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (body.size() <= limit || text.empty()) return body;
    text = CutUtf8(text, text.size() - std::min(text.size(), body.size() - limit + 8));
  }
}

std::string SignedDingTalkUrl(const std::string& url, const std::string& secret, UnixMillis now) {
  if (secret.empty()) return url;
  const std::string timestamp = std::to_string(now);
  const std::string to_sign = timestamp + "\n" + secret;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(to_sign.data()),
       to_sign.size(), mac, &mac_len);
  const std::string sign = Base64(std::string_view(reinterpret_cast<const char*>(mac), mac_len));
  std::string encoded;
  for (char c : sign) {
    if (std::isalnum(static_cast<unsigned char>(c))) encoded += c;
    else encoded += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "timestamp=" + timestamp + "&sign=" + encoded;
}

Status PostWebhook(const std::string& url, const std::string& body, long timeout_ms,
                   const std::string& idempotency_key) {
  const std::string what = "webhook POST " + RedactUrl(url);
  if (idempotency_key.find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument(what + ": idempotency key holds a line break");
  }
  CurlEasyPtr h(curl_easy_init());
  if (!h) return Internal(what + ": curl_easy_init failed");
  CurlSlistPtr headers;
  bool ok = AppendHeader(headers, "Content-Type: application/json; charset=utf-8") && AppendHeader(headers, "Expect:");
  if (!idempotency_key.empty()) ok = ok && AppendHeader(headers, ("Idempotency-Key: " + idempotency_key).c_str());
  if (!ok) return Internal(what + ": out of memory building headers");
  char errbuf[CURL_ERROR_SIZE] = {0};
  std::string response;
  SetCommonOptions(h.get(), url, timeout_ms, errbuf);
  curl_easy_setopt(h.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h.get(), CURLOPT_USERAGENT, "nianbao-notifier");
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, CaptureBody);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &response);
  const CURLcode rc = curl_easy_perform(h.get());
  if (rc != CURLE_OK) return TransferError(what, rc, errbuf, timeout_ms);
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return NetworkError(what + ": HTTP " + std::to_string(status) + (response.empty() ? "" : ": " + response));
  }
  return Status::Ok();
}

std::string EncodeHeaderValue(std::string_view text) {
  if (!NeedsEncoding(text)) return std::string(text);
  // 45 raw bytes → 60 base64 characters; with "=?UTF-8?B?" and "?=" and the
  // folding space a line stays under 76. Never split a UTF-8 sequence.
  constexpr std::size_t kChunk = 45;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + kChunk);
    while (end < text.size() && end > i + 1 && IsContinuationByte(text[end])) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

Result<std::string> BuildEmailMessage(const std::string& from, const std::vector<std::string>& to,
                                      std::string_view subject, std::string_view body, UnixMillis date) {
  NIANBAO_RETURN_IF_ERROR(CheckAddress(from, "sender"));
  if (to.empty()) return InvalidArgument("e-mail: no recipient");
  std::string to_header;
  for (const std::string& addr : to) {
    NIANBAO_RETURN_IF_ERROR(CheckAddress(addr, "recipient"));
    to_header += (to_header.empty() ? "" : ", ") + addr;
  }
  std::string m;
  m += "Date: " + RfcDate(date) + "\r\n";
  m += "From: " + from + "\r\n";
  m += "To: " + to_header + "\r\n";
  m += "Subject: " + EncodeHeaderValue(subject) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += "Content-Transfer-Encoding: base64\r\n";
  m += "\r\n";
  const std::string encoded = Base64(body);
  for (std::size_t i = 0; i < encoded.size(); i += 76) m += encoded.substr(i, 76) + "\r\n";
  return m;
}

Result<SmtpCredentials> ReadSmtpCredentials(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("smtp credentials file " + path + ": cannot be opened");
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  const std::size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgument("smtp credentials file " + path + ": first line is not \"user:password\"");
  }
  return SmtpCredentials{line.substr(0, colon), line.substr(colon + 1)};
}

Status SendEmail(const std::string& smtp_url, const std::string& credentials_file, const std::string& from,
                 const std::vector<std::string>& to, std::string_view subject, std::string_view body,
                 long timeout_ms) {
  const std::string what = "e-mail via " + RedactUrl(smtp_url);
  Result<std::string> message = BuildEmailMessage(from, to, subject, body, SystemClock::Instance().Now());
  if (!message.ok()) return message.status();
  std::optional<SmtpCredentials> creds;
  if (!credentials_file.empty()) {
    Result<SmtpCredentials> c = ReadSmtpCredentials(credentials_file);
    if (!c.ok()) return c.status();
    creds = std::move(c).value();
  }
  CurlEasyPtr h(curl_easy_init());
  if (!h) return Internal(what + ": curl_easy_init failed");
  CurlSlistPtr rcpt;
  for (const std::string& addr : to) {
    if (!AppendHeader(rcpt, ("<" + addr + ">").c_str())) return Internal(what + ": out of memory");
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  ReadCursor cursor{&message.value(), 0};
  const std::string mail_from = "<" + from + ">";
  SetCommonOptions(h.get(), smtp_url, timeout_ms, errbuf);
  curl_easy_setopt(h.get(), CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h.get(), CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h.get(), CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h.get(), CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(h.get(), CURLOPT_READDATA, &cursor);
  curl_easy_setopt(h.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message->size()));
  // A password never travels in clear text; without one, TLS is opportunistic.
  const long use_ssl = creds ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY);
  curl_easy_setopt(h.get(), CURLOPT_USE_SSL, use_ssl);
  if (creds) {
    curl_easy_setopt(h.get(), CURLOPT_USERNAME, creds->user.c_str());
    curl_easy_setopt(h.get(), CURLOPT_PASSWORD, creds->password.c_str());
  }
  const CURLcode rc = curl_easy_perform(h.get());
  if (rc != CURLE_OK) return TransferError(what, rc, errbuf, timeout_ms);
  return Status::Ok();
}

}  // namespace nianbao::alerts
