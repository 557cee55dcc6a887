// A non-greedy scan for each element keeps one malformed record from swallowing
// the rest, which is why public crawlers use the same approach (sites.md §2.5).
#include "crawler/walkers/datastore.h"

#include <algorithm>
#include <array>
#include <utility>

#include "crawler/walkers/scan_util.h"

namespace nianbao::crawler {
namespace {

constexpr std::string_view kCdataOpen = "<![CDATA[";
constexpr std::string_view kCdataClose = "]]>";

// The text between <tag> and </tag> at or after `from` within `s`; advances
// `from` past the closing tag. nullopt when absent.
std::optional<std::string_view> Element(std::string_view s, std::string_view tag, std::size_t& from) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  std::size_t b = s.find(open, from);
  if (b == std::string_view::npos) return std::nullopt;
  b += open.size();
  // The closing tag must be searched after any CDATA section, whose HTML may
  // itself mention the tag.
  std::size_t scan = b;
  std::size_t cdata = s.find(kCdataOpen, b);
  std::size_t e = s.find(close, scan);
  while (cdata != std::string_view::npos && e != std::string_view::npos && cdata < e) {
    std::size_t cdata_end = s.find(kCdataClose, cdata + kCdataOpen.size());
    if (cdata_end == std::string_view::npos) return std::nullopt;
    scan = cdata_end + kCdataClose.size();
    cdata = s.find(kCdataOpen, scan);
    e = s.find(close, scan);
  }
  if (e == std::string_view::npos) return std::nullopt;
  from = e + close.size();
  return s.substr(b, e - b);
}

// The content of an element: CDATA sections verbatim, other text with its
// entities decoded.
std::string Content(std::string_view raw) {
  raw = TrimSpace(raw);
  if (!raw.starts_with(kCdataOpen)) return DecodeBasicEntities(raw);
  std::string out;
  while (raw.starts_with(kCdataOpen)) {
    std::size_t end = raw.find(kCdataClose);
    if (end == std::string_view::npos) end = raw.size();
    out.append(raw.substr(kCdataOpen.size(), end - kCdataOpen.size()));
    raw = TrimSpace(raw.substr(std::min(raw.size(), end + kCdataClose.size())));
  }
  return out;
}

std::optional<long long> IntElement(std::string_view block, std::string_view tag) {
  std::size_t from = 0;
  auto raw = Element(block, tag, from);
  if (!raw) return std::nullopt;
  return ParseLeadingInt(Content(*raw));
}

// The href="…" (or '…') value of the first link in `html`.
std::string FirstHref(std::string_view html) {
  std::size_t h = html.find("href=");
  if (h == std::string_view::npos) return {};
  std::size_t v = h + 5;
  if (v >= html.size()) return {};
  char quote = html[v];
  std::size_t end;
  if (quote == '"' || quote == '\'') {
    ++v;
    end = html.find(quote, v);
  } else {
    end = html.find_first_of(" >", v);
  }
  if (end == std::string_view::npos) end = html.size();
  return DecodeBasicEntities(TrimSpace(html.substr(v, end - v)));
}

Datastore ScanOne(std::string_view block, std::size_t offset) {
  Datastore ds;
  ds.offset = offset;
  ds.total_record = IntElement(block, "totalrecord");
  ds.total_page = IntElement(block, "totalpage");
  std::size_t from = 0;
  if (auto next = Element(block, "nextgroup", from)) ds.nextgroup_href = FirstHref(Content(*next));
  from = 0;
  std::size_t set_from = 0;
  std::string_view records = block;
  if (auto set = Element(block, "recordset", set_from)) records = *set;
  while (auto rec = Element(records, "record", from)) ds.records.push_back(Content(*rec));
  return ds;
}

}  // namespace

std::string DecodeBasicEntities(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kEntities = {{
      {"&amp;", "&"},
      {"&lt;", "<"},
      {"&gt;", ">"},
      {"&quot;", "\""},
      {"&#39;", "'"},
      {"&apos;", "'"},
  }};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      for (auto& [entity, text] : kEntities) {
        if (s.substr(i).starts_with(entity)) {
          out += text;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

std::vector<Datastore> ScanDatastores(std::string_view text) {
  std::vector<Datastore> out;
  std::size_t from = 0;
  for (;;) {
    std::size_t start = text.find("<datastore>", from);
    if (start == std::string_view::npos) break;
    std::size_t scan = start;
    auto block = Element(text, "datastore", scan);
    if (!block) break;
    out.push_back(ScanOne(*block, start));
    from = scan;
  }
  return out;
}

bool IsDatastoreDocument(std::string_view body) {
  std::size_t at = body.find("<datastore>");
  if (at == std::string_view::npos) return false;
  std::string_view head = TrimSpace(body.substr(0, at));
  if (head.starts_with("\xEF\xBB\xBF")) head = TrimSpace(head.substr(3));
  // Only an XML declaration may precede the root element.
  return head.empty() ||
         (head.starts_with("<?xml") && head.ends_with("?>") && head.find('<', 1) == std::string_view::npos);
}

}  // namespace nianbao::crawler
