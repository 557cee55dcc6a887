// The shell's own JavaScript builds the search URL by string concatenation,
// which cannot be evaluated here; the parameters that matter (area, divid,
// infotypeId, jdid) are taken from the page URL and the page text instead.
#include "crawler/walkers/xxgk.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "crawler/walkers/list_items.h"
#include "crawler/walkers/resolve_link.h"
#include "crawler/walkers/scan_util.h"
#include "parser/html/html_document.h"

namespace nianbao::crawler {
namespace {

constexpr std::string_view kSearchPath = "/module/xxgk/search.jsp";
constexpr std::string_view kRowClass = "tr_main_value";
constexpr std::string_view kFormType = "application/x-www-form-urlencoded; charset=UTF-8";

bool IsCodeChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// The value after the first `key=` in `text` (letters, digits, '-').
std::string ValueInText(std::string_view text, std::string_view key) {
  std::string mark = std::string(key) + "=";
  for (std::size_t at = text.find(mark); at != std::string_view::npos; at = text.find(mark, at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(text[at - 1]))) continue;  // "vc_area=" is not "area="
    std::size_t b = at + mark.size();
    std::size_t e = b;
    while (e < text.size() && IsCodeChar(text[e])) ++e;
    if (e > b) return std::string(text.substr(b, e - b));
  }
  return {};
}

std::string FirstNonEmpty(std::initializer_list<std::string> values) {
  for (const std::string& v : values) {
    if (!v.empty()) return v;
  }
  return {};
}

// The largest page number the pager shows: "共N页" or funGoPage(…, N).
long long LastPage(std::string_view body) {
  long long last = 0;
  constexpr std::string_view kTotal = "共";
  for (std::size_t at = body.find(kTotal); at != std::string_view::npos; at = body.find(kTotal, at + 1)) {
    std::string_view rest = TrimSpace(body.substr(at + kTotal.size(), 32));
    auto n = ParseLeadingInt(rest);
    if (!n) continue;
    std::size_t digits = rest.find_first_not_of("0123456789");
    if (digits != std::string_view::npos && TrimSpace(rest.substr(digits)).starts_with("页")) last = std::max(last, *n);
  }
  constexpr std::string_view kGo = "funGoPage(";
  for (std::size_t at = body.find(kGo); at != std::string_view::npos; at = body.find(kGo, at + 1)) {
    std::size_t close = body.find(')', at);
    std::size_t comma = body.rfind(',', close);
    if (close == std::string_view::npos || comma == std::string_view::npos || comma < at) continue;
    if (auto n = ParseLeadingInt(body.substr(comma + 1, close - comma - 1))) last = std::max(last, *n);
  }
  return last;
}

}  // namespace

bool IsXxgkResultPage(std::string_view body) { return body.find(kRowClass) != std::string_view::npos; }

bool IsXxgkShell(std::string_view body) {
  return body.find(kSearchPath) != std::string_view::npos ||
         body.find("/module/xxgk/script/dynamic.js") != std::string_view::npos;
}

ListPageResult ReadXxgkShell(const FetchedPage& page) {
  ListPageResult result;
  result.kind = ColumnKind::kHanwebXxgk;
  std::string_view query = QueryOf(page.url);
  std::string area =
      FirstNonEmpty({QueryValue(query, "vc_xxgkarea").value_or(""), QueryValue(query, "area").value_or(""),
                     ValueInText(page.body, "area"), ValueInText(page.body, "vc_xxgkarea")});
  if (area.empty()) {
    result.error = "xxgk page " + page.url + " names no area (organisation code) for search.jsp";
    return result;
  }
  std::string column = HanwebColumnId(page.url);
  std::string divid = column.empty() ? "div4" : "div" + column;
  std::string infotype = FirstNonEmpty({QueryValue(query, "infotypeId").value_or(""), "0"});
  std::string jdid = ValueInText(page.body, "jdid");
  auto url = ResolveLink(page.url, std::string(kSearchPath) + "?standardXxgk=1&area=" + UrlEncode(area));
  if (!url) {
    result.error = "cannot resolve search.jsp against " + page.url;
    return result;
  }
  std::string body = "infotypeId=" + UrlEncode(infotype) + (jdid.empty() ? "" : "&jdid=" + jdid) +
                     "&area=" + UrlEncode(area) + "&divid=" + divid +
                     "&vc_title=&vc_number=&vc_filenumber=&vc_all=&texttype=&fbtime=&standardXxgk=1"
                     "&sortfield=compaltedate%3A0&currpage=1";
  HttpHeaders headers{
      {"Referer", page.url}, {"X-Requested-With", "XMLHttpRequest"}, {"Origin", SchemeHostOf(page.url)}};
  result.next_pages.push_back(PageRequest{*url, "POST", body, std::string(kFormType), headers});
  // A page that merely links to the search module still lists what it shows.
  if (auto doc = parser::HtmlDocument::Parse(page.body); doc.ok()) result.items = ItemsFromRows(doc->root(), page.url);
  return result;
}

ListPageResult ReadXxgkResults(const FetchedPage& page, const std::optional<PageRequest>& request) {
  ListPageResult result;
  result.kind = ColumnKind::kHanwebXxgk;
  auto doc = parser::HtmlDocument::Parse(page.body);
  if (!doc.ok()) {
    result.error = doc.status().WithContext(page.url).message();
    return result;
  }
  result.items = ItemsFromRows(doc->root(), page.url, kRowClass);
  PageRequest req = request.value_or(PageRequest{page.url, "GET", "", "", {}});
  bool in_body = req.method == "POST" && QueryValue(req.body, "currpage").has_value();
  std::string_view params = in_body ? std::string_view(req.body) : QueryOf(req.url);
  long long current = ParseLeadingInt(QueryValue(params, "currpage").value_or("1")).value_or(1);
  if (result.items.empty() || current >= LastPage(page.body)) return result;
  PageRequest next = req;
  std::string paged = SetQueryValue(params, "currpage", std::to_string(current + 1));
  if (in_body) {
    next.body = paged;
  } else {
    next.url = std::string(WithoutQuery(req.url)) + "?" + paged;
  }
  result.next_pages.push_back(std::move(next));
  return result;
}

}  // namespace nianbao::crawler
