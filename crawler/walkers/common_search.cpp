// The JSON API is preferred over the rendered list because it reaches the
// column's whole history at 60 items a request; the rendered rows are still
// returned so a page whose script changed is not lost.
#include "crawler/walkers/common_search.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/walkers/list_items.h"
#include "crawler/walkers/resolve_link.h"
#include "crawler/walkers/scan_util.h"
#include "parser/html/html_document.h"

namespace nianbao::crawler {
namespace {

constexpr std::string_view kMark = "/common/search/";
constexpr std::size_t kChannelIdLength = 32;
constexpr std::size_t kMaxChannels = 8;
constexpr int kPageSize = 60;

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::vector<std::string> ChannelIds(std::string_view body) {
  std::vector<std::string> ids;
  for (std::size_t at = body.find(kMark); at != std::string_view::npos; at = body.find(kMark, at + 1)) {
    std::string_view rest = body.substr(at + kMark.size());
    if (rest.size() < kChannelIdLength) break;
    std::string_view id = rest.substr(0, kChannelIdLength);
    bool hex = std::all_of(id.begin(), id.end(), IsHex);
    bool bounded = rest.size() == kChannelIdLength || !IsHex(rest[kChannelIdLength]);
    if (hex && bounded && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
    if (ids.size() == kMaxChannels) break;
  }
  return ids;
}

std::string JsonString(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long JsonInt(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return 0;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_string()) return ParseLeadingInt(it->get<std::string>()).value_or(0);
  return 0;
}

// Titles may carry search highlighting (<em>…</em>).
std::string StripTags(std::string_view s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') in_tag = true;
    if (!in_tag) out.push_back(c);
    if (c == '>') in_tag = false;
  }
  return std::string(TrimSpace(out));
}

std::optional<ListItem> ResultItem(const nlohmann::json& r, std::string_view base) {
  if (!r.is_object()) return std::nullopt;
  auto url = ResolveLink(base, JsonString(r, "url"));
  std::string title = StripTags(JsonString(r, "title"));
  if (!url || title.empty()) return std::nullopt;
  return ListItem{*url, title, FindDate(JsonString(r, "publishedTimeStr"))};
}

}  // namespace

bool IsCommonSearchPage(std::string_view body) { return !ChannelIds(body).empty(); }

ListPageResult ReadCommonSearchPage(const FetchedPage& page) {
  ListPageResult result;
  result.kind = ColumnKind::kCommonSearch;
  if (auto doc = parser::HtmlDocument::Parse(page.body); doc.ok()) {
    result.items = ItemsFromRows(doc->root(), page.url);
  }
  for (const std::string& id : ChannelIds(page.body)) {
    std::string path = std::string(kMark) + id + "?_isAgg=true&_isJson=true&_pageSize=" + std::to_string(kPageSize) +
                       "&_template=index&_rangeTimeGte=&_channelName=&page=1";
    if (auto url = ResolveLink(page.url, path)) {
      result.next_pages.push_back(PageRequest{*url, "GET", "", "", {{"Referer", page.url}}});
    }
  }
  return result;
}

ListPageResult ReadCommonSearchJson(const FetchedPage& page, const std::optional<PageRequest>& request) {
  ListPageResult result;
  nlohmann::json doc = nlohmann::json::parse(page.body, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json* data = doc.is_object() && doc.contains("data") ? &doc["data"] : nullptr;
  if (data == nullptr || !data->is_object() || !data->contains("results") || !(*data)["results"].is_array()) {
    result.error = "JSON from " + page.url + " is not a /common/search answer (no data.results array)";
    return result;
  }
  result.kind = ColumnKind::kCommonSearch;
  const nlohmann::json& results = (*data)["results"];
  for (const nlohmann::json& r : results) {
    if (auto item = ResultItem(r, page.url)) result.items.push_back(std::move(*item));
  }
  DedupeByUrl(result.items);
  PageRequest req = request.value_or(PageRequest{page.url, "GET", "", "", {}});
  std::string_view query = QueryOf(req.url);
  long long current = ParseLeadingInt(QueryValue(query, "page").value_or("1")).value_or(1);
  long long size = ParseLeadingInt(QueryValue(query, "_pageSize").value_or("")).value_or(0);
  if (size <= 0) size = static_cast<long long>(results.size());
  long long total = JsonInt(*data, "total");
  if (results.empty() || size <= 0 || current * size >= total) return result;
  PageRequest next = req;
  next.url = std::string(WithoutQuery(req.url)) + "?" + SetQueryValue(query, "page", std::to_string(current + 1));
  result.next_pages.push_back(std::move(next));
  return result;
}

}  // namespace nianbao::crawler
