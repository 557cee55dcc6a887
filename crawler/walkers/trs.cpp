// Only the next page is requested: each index_N page carries its own
// createPageHTML call, so the chain needs no state and stops where the
// column does even if the count changed meanwhile.
#include "crawler/walkers/trs.h"

#include <vector>

#include "crawler/walkers/list_items.h"
#include "crawler/walkers/resolve_link.h"
#include "crawler/walkers/scan_util.h"
#include "parser/html/html_document.h"

namespace nianbao::crawler {
namespace {

constexpr std::string_view kCall = "createPageHTML(";

std::vector<std::string> SplitArgs(std::string_view args) {
  std::vector<std::string> out;
  while (true) {
    std::size_t comma = args.find(',');
    std::string_view arg = TrimSpace(args.substr(0, comma));
    if (arg.size() >= 2 && (arg.front() == '"' || arg.front() == '\'') && arg.back() == arg.front()) {
      arg = arg.substr(1, arg.size() - 2);
    }
    out.emplace_back(arg);
    if (comma == std::string_view::npos) break;
    args.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<TrsPager> PagerFromArgs(const std::vector<std::string>& a) {
  TrsPager p;
  std::size_t first = 0;
  if (!a.empty() && !ParseLeadingInt(a[0])) {  // leading container id: the 1-based variant
    p.one_based = true;
    first = 1;
  }
  if (a.size() < first + 4) return std::nullopt;
  auto count = ParseLeadingInt(a[first]);
  auto current = ParseLeadingInt(a[first + 1]);
  if (!count || !current || a[first + 2].empty() || a[first + 3].empty()) return std::nullopt;
  p.count = *count;
  p.current = (p.one_based && *current == 0) ? 1 : *current;
  p.name = a[first + 2];
  p.ext = a[first + 3];
  return p;
}

// The page after `p`, or nullopt on the last page.
std::optional<std::string> NextPageName(const TrsPager& p) {
  long long next = p.current + 1;
  if (p.one_based ? next > p.count : next >= p.count) return std::nullopt;
  return p.name + "_" + std::to_string(next) + "." + p.ext;
}

}  // namespace

std::optional<TrsPager> FindTrsPager(std::string_view body) {
  for (std::size_t at = body.find(kCall); at != std::string_view::npos; at = body.find(kCall, at + 1)) {
    std::size_t close = body.find(')', at);
    if (close == std::string_view::npos) break;
    std::string_view before = body.substr(at >= 9 ? at - 9 : 0, at >= 9 ? 9 : at);
    if (before.find("function") != std::string_view::npos) continue;
    std::size_t open = at + kCall.size();
    if (auto p = PagerFromArgs(SplitArgs(body.substr(open, close - open)))) return p;
  }
  return std::nullopt;
}

ListPageResult ReadTrsList(const FetchedPage& page, const TrsPager& pager) {
  ListPageResult result;
  result.kind = ColumnKind::kTrs;
  auto doc = parser::HtmlDocument::Parse(page.body);
  if (!doc.ok()) {
    result.error = doc.status().WithContext(page.url).message();
    return result;
  }
  result.items = ItemsFromRows(doc->root(), page.url);
  if (auto name = NextPageName(pager)) {
    if (auto url = ResolveLink(page.url, *name)) result.next_pages.push_back(PageRequest{*url, "GET", "", "", {}});
  }
  return result;
}

}  // namespace nianbao::crawler
