// Dispatch by content, not URL: look-alike families share URL shapes
// (/col/ paths that are not jpage), and paging endpoints answer at URLs that
// say little. Blocking is decided first and last: first from the challenge
// markers, last from "nothing listed on a page far smaller than usual".
#include "crawler/walkers/walker.h"

#include <algorithm>
#include <string>
#include <vector>

#include "crawler/walkers/block_detect.h"
#include "crawler/walkers/common_search.h"
#include "crawler/walkers/datastore.h"
#include "crawler/walkers/generic_list.h"
#include "crawler/walkers/hanweb.h"
#include "crawler/walkers/scan_util.h"
#include "crawler/walkers/trs.h"
#include "crawler/walkers/xxgk.h"

namespace nianbao::crawler {
namespace {

bool LooksLikeJson(std::string_view body) {
  body = TrimSpace(body);
  return !body.empty() && (body.front() == '{' || body.front() == '[');
}

// Several modules of one column can ask for the same window.
void DedupeRequests(std::vector<PageRequest>& requests) {
  std::vector<PageRequest> kept;
  for (PageRequest& r : requests) {
    if (std::find(kept.begin(), kept.end(), r) == kept.end()) kept.push_back(std::move(r));
  }
  requests = std::move(kept);
}

ListPageResult Dispatch(const FetchedPage& page, const ListContext& ctx) {
  const std::string& body = page.body;
  if (IsDatastoreDocument(body)) return ReadDataproxyAnswer(page, ctx.request);
  if (body.find("<datastore>") != std::string::npos) return ReadHanwebColumn(page);
  if (LooksLikeJson(body)) return ReadCommonSearchJson(page, ctx.request);
  if (IsXxgkResultPage(body)) return ReadXxgkResults(page, ctx.request);
  if (IsXxgkShell(body)) {
    // A page that only links to the search module (no area code) is read as a list.
    if (ListPageResult shell = ReadXxgkShell(page); shell.error.empty()) return shell;
  }
  if (IsCommonSearchPage(body)) return ReadCommonSearchPage(page);
  if (auto pager = FindTrsPager(body)) return ReadTrsList(page, *pager);
  return ReadGenericList(page);
}

}  // namespace

ListPageResult ReadListPage(const FetchedPage& page, const ListContext& ctx) {
  ListPageResult result;
  result.blocked = DetectChallenge(page);
  if (result.blocked.blocked) return result;
  if (page.status < 200 || page.status >= 300) {
    result.error = "HTTP " + std::to_string(page.status) + " from " + page.url;
    return result;
  }
  result = Dispatch(page, ctx);
  DedupeRequests(result.next_pages);
  // A shell whose only product is a follow-up request (xxgk, JSON) is not empty.
  if (result.error.empty() && result.next_pages.empty()) {
    result.blocked = DetectShortPage(page.body.size(), result.items.size(), ctx.last_good_size);
    if (result.blocked.blocked) result.kind = ColumnKind::kUnknown;
  }
  return result;
}

}  // namespace nianbao::crawler
