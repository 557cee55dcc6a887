// Digest: the messages one cycle sends over one channel, holding every
// delivery the cycle queued for it (raised, reminded, resolved, first-crawl
// summaries), split into parts the channel accepts.
//
// Layout (robots and e-mail): a title line per part, then sections in a fixed
// order: first-crawl summaries, then by kind (overdue first, then
// source_failing, withdrawn, unreadable, checks_failed, late, revised), then
// resolutions; each section opens with a count line ("逾期未发布 21 条") and
// holds one compact line per alert, by agency then year. A section cut by a
// part boundary is continued under its count line marked "（续）".
// Parts: DingTalk ≤ 20,000 bytes and WeCom (markdown) ≤ 4,096 bytes of POST
// body; e-mail one message; JSON {"cycle","part","parts","alerts":[…]} with at
// most max_alerts elements shaped as `alerts --json` (alert_json.h). A line
// that alone exceeds a robot's limit is cut (at a UTF-8 boundary) with "…".
//
// Pure: no I/O, no clock; the same input gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alerts/channels.h"
#include "storage/types.h"

namespace nianbao::alerts {

// The parts (subject, body, parts set; part numbers are their order, from 1)
// and, for each, the ids of the deliveries it carries. Empty when `items` is.
struct DigestDraft {
  std::vector<storage::DigestPartRow> parts;
  std::vector<std::vector<std::int64_t>> deliveries;
};

DigestDraft ComposeDigest(std::int64_t cycle_id, const Channel& channel,
                          const std::vector<storage::DigestCandidate>& items, int max_alerts);

// The Chinese name of an alert kind as digests and messages title it
// ("overdue" → "逾期未发布"); an unknown kind names itself.
std::string KindTitle(const std::string& kind);

// `text` cut to at most `max_bytes` bytes at a UTF-8 boundary, ending in "…"
// when cut.
std::string CutUtf8(const std::string& text, std::size_t max_bytes);

}  // namespace nianbao::alerts
