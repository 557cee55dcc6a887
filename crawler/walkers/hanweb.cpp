// Why a chain and not every window at once: totalrecord drifts while we crawl
// (new items push old ones down), answers can overlap by a record, and some
// hosts answer POST with nothing and GET with records. Deciding each next step
// from the previous answer handles all three without hidden state: the
// request itself carries the window, and the caller dedupes by URL.
#include "crawler/walkers/hanweb.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "crawler/walkers/datastore.h"
#include "crawler/walkers/list_items.h"
#include "crawler/walkers/resolve_link.h"
#include "crawler/walkers/scan_util.h"

namespace nianbao::crawler {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;  // decoded values, in order

constexpr std::string_view kDefaultEndpoint = "/module/web/jpage/dataproxy.jsp";
constexpr std::string_view kFormType = "application/x-www-form-urlencoded; charset=UTF-8";
constexpr long long kGroupPages = 3;       // jpage's groupSize: a window is 3 display pages
constexpr long long kDefaultPerPage = 15;  // Harbin's, when the page does not say
// Query keys that belong to the window, not to the column.
constexpr std::string_view kWindowKeys[] = {"startrecord", "endrecord", "perpage", "page"};
// The fields dataproxy.jsp expects, in the order the browser sends them.
constexpr std::string_view kFormKeys[] = {"col",    "appid",   "webid",         "path", "columnid", "sourceContentType",
                                          "unitid", "webname", "permissiontype"};

struct JpageModule {
  std::string unitid;
  Fields params;  // from `var param_{unitid} = {...}`
  std::optional<long long> total_record;
  std::optional<long long> per_page;
};

bool IsIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> FieldValue(const Fields& fields, std::string_view key) {
  for (auto& [k, v] : fields) {
    if (IEquals(k, key)) return v;
  }
  return std::nullopt;
}

std::optional<long long> FieldInt(const Fields& fields, std::string_view key) {
  auto v = FieldValue(fields, key);
  return v ? ParseLeadingInt(*v) : std::nullopt;
}

JpageModule& ModuleFor(std::vector<JpageModule>& modules, std::string_view unitid) {
  for (JpageModule& m : modules) {
    if (m.unitid == unitid) return m;
  }
  modules.push_back(JpageModule{std::string(unitid), {}, {}, {}});
  return modules.back();
}

// `var param_212860 = {col:1, …}` objects.
void ScanParamObjects(std::string_view body, std::vector<JpageModule>& modules) {
  constexpr std::string_view kMark = "param_";
  for (std::size_t at = body.find(kMark); at != std::string_view::npos; at = body.find(kMark, at + 1)) {
    std::size_t id_end = at + kMark.size();
    while (id_end < body.size() && IsIdChar(body[id_end])) ++id_end;
    std::size_t eq = body.find_first_not_of(" \t\r\n", id_end);
    if (eq == std::string_view::npos || body[eq] != '=') continue;
    std::size_t brace = body.find_first_not_of(" \t\r\n", eq + 1);
    if (brace == std::string_view::npos || body[brace] != '{') continue;
    std::string_view object = BalancedObject(body, brace);
    if (object.empty()) continue;
    ModuleFor(modules, body.substr(at + kMark.size(), id_end - at - kMark.size())).params = JsObjectFields(object);
  }
}

// `$('#212860').jpage({totalRecord:4895, perPage:19, …})` initialisers.
void ScanJpageInits(std::string_view body, std::vector<JpageModule>& modules) {
  constexpr std::string_view kMark = ".jpage(";
  for (std::size_t at = body.find(kMark); at != std::string_view::npos; at = body.find(kMark, at + 1)) {
    std::size_t hash = body.rfind('#', at);
    if (hash == std::string_view::npos || at - hash > 64) continue;
    std::size_t id_end = hash + 1;
    while (id_end < at && IsIdChar(body[id_end])) ++id_end;
    std::string_view object = BalancedObject(body, at + kMark.size());
    if (object.empty()) continue;
    Fields init = JsObjectFields(object);
    JpageModule& m = ModuleFor(modules, body.substr(hash + 1, id_end - hash - 1));
    m.total_record = FieldInt(init, "totalRecord");
    m.per_page = FieldInt(init, "perPage");
  }
}

// The id="…" of the nearest element opened before `offset` (the jpage div).
std::string EnclosingId(std::string_view body, std::size_t offset) {
  std::size_t at = body.rfind(" id=", offset);
  if (at == std::string_view::npos || at + 5 >= body.size()) return {};
  std::size_t v = at + 4;
  char quote = body[v];
  if (quote != '"' && quote != '\'') return {};
  std::size_t end = body.find(quote, v + 1);
  return end == std::string_view::npos ? std::string() : std::string(body.substr(v + 1, end - v - 1));
}

Fields DecodedQuery(std::string_view query) {
  Fields out;
  for (auto& [k, v] : SplitQuery(query)) out.emplace_back(k, UrlDecode(v));
  return out;
}

// The column's form fields: the param_ object, completed from the nextgroup
// query, with the constant col/appid defaulted.
Fields FormFields(const JpageModule* module, const Fields& nextgroup_query) {
  Fields form = module ? module->params : Fields{};
  if (form.empty()) {
    for (auto& [k, v] : nextgroup_query) {
      bool window = std::find(std::begin(kWindowKeys), std::end(kWindowKeys), k) != std::end(kWindowKeys);
      if (!window && !FieldValue(form, k)) form.emplace_back(k, v);
    }
  }
  for (std::string_view key : kFormKeys) {
    if (FieldValue(form, key)) continue;
    if (auto v = FieldValue(nextgroup_query, key)) {
      form.emplace_back(std::string(key), *v);
    } else if (key == "col" || key == "appid") {
      form.emplace_back(std::string(key), "1");
    }
  }
  return form;
}

std::string EncodeForm(const Fields& form) {
  std::string out;
  for (auto& [k, v] : form) {
    if (!out.empty()) out.push_back('&');
    out += UrlEncode(k) + "=" + UrlEncode(v);
  }
  return out;
}

HttpHeaders AjaxHeaders(std::string_view referer, bool post) {
  HttpHeaders h{{"Referer", std::string(referer)}, {"X-Requested-With", "XMLHttpRequest"}};
  if (post) h.emplace_back("Origin", SchemeHostOf(referer));
  return h;
}

std::string WindowQuery(long long start, long long end, long long per_page) {
  return "startrecord=" + std::to_string(start) + "&endrecord=" + std::to_string(end) +
         "&perpage=" + std::to_string(per_page);
}

// Where the column's dataproxy lives: the nextgroup's path when it names one
// absolutely (old sites use /module/jpage/ or /module/jslib/jquery/jpage/),
// else the common path. A document-relative nextgroup on a column page would
// resolve under /col/, so it is not trusted for the path.
std::string Endpoint(std::string_view page_url, std::string_view nextgroup) {
  bool absolute = nextgroup.starts_with("/") || nextgroup.starts_with("http");
  if (absolute && WithoutQuery(nextgroup).find("dataproxy.jsp") != std::string_view::npos) {
    if (auto url = ResolveLink(page_url, nextgroup)) return std::string(WithoutQuery(*url));
  }
  return ResolveLink(page_url, kDefaultEndpoint).value_or(std::string());
}

std::vector<ListItem> RecordItems(const Datastore& ds, std::string_view base_url) {
  std::vector<ListItem> items;
  for (const std::string& record : ds.records) {
    if (auto item = ItemFromFragment(record, base_url)) items.push_back(std::move(*item));
  }
  return items;
}

struct ColumnBlock {
  const Datastore* ds;
  const JpageModule* module;
  Fields nextgroup_query;
  std::string columnid;
};

// The first request after the inline group, or nullopt when the group holds
// the whole column.
std::optional<PageRequest> FirstWindow(const FetchedPage& page, const ColumnBlock& block, std::string& error) {
  const Datastore& ds = *block.ds;
  long long inline_count = static_cast<long long>(ds.records.size());
  std::optional<long long> total = block.module ? block.module->total_record : std::nullopt;
  if (!total) total = ds.total_record;
  if (inline_count == 0 || (total && *total <= inline_count)) return std::nullopt;
  Fields form = FormFields(block.module, block.nextgroup_query);
  if (!FieldValue(form, "columnid")) {
    if (ds.nextgroup_href.empty()) {
      error = "Hanweb column lists " + std::to_string(inline_count) + " records of " +
              (total ? std::to_string(*total) : std::string("?")) + " but gives no paging parameters";
      return std::nullopt;
    }
    auto url = ResolveLink(page.url, ds.nextgroup_href);  // opaque nextgroup: use it verbatim
    if (!url) return std::nullopt;
    return PageRequest{*url, "GET", "", "", AjaxHeaders(page.url, false)};
  }
  long long per_page = block.module && block.module->per_page ? *block.module->per_page : 0;
  if (per_page <= 0) per_page = FieldInt(block.nextgroup_query, "perpage").value_or(kDefaultPerPage);
  long long start = inline_count + 1;
  std::string url =
      Endpoint(page.url, ds.nextgroup_href) + "?" + WindowQuery(start, start + kGroupPages * per_page - 1, per_page);
  return PageRequest{url, "POST", EncodeForm(form), std::string(kFormType), AjaxHeaders(page.url, true)};
}

std::vector<ColumnBlock> ColumnBlocks(const FetchedPage& page, const std::vector<Datastore>& stores,
                                      const std::vector<JpageModule>& modules) {
  std::vector<ColumnBlock> blocks;
  for (const Datastore& ds : stores) {
    ColumnBlock b{&ds, nullptr, DecodedQuery(QueryOf(ds.nextgroup_href)), {}};
    std::string unitid = FieldValue(b.nextgroup_query, "unitid").value_or(EnclosingId(page.body, ds.offset));
    for (const JpageModule& m : modules) {
      if (m.unitid == unitid) b.module = &m;
    }
    if (b.module == nullptr && modules.size() == 1) b.module = &modules.front();
    std::optional<std::string> col = b.module ? FieldValue(b.module->params, "columnid") : std::nullopt;
    if (!col) col = FieldValue(b.nextgroup_query, "columnid");
    b.columnid = col.value_or("");
    blocks.push_back(std::move(b));
  }
  // Side modules (latest news, links) share the page: keep the column's own.
  std::string own = HanwebColumnId(page.url);
  bool any_own = std::any_of(blocks.begin(), blocks.end(), [&](const ColumnBlock& b) { return b.columnid == own; });
  if (!own.empty() && any_own) {
    std::erase_if(blocks, [&](const ColumnBlock& b) { return b.columnid != own; });
  }
  return blocks;
}

// The next window after an answer to a startrecord/endrecord request.
std::optional<PageRequest> NextWindow(const PageRequest& req, const Datastore& answer) {
  std::string_view query = QueryOf(req.url);
  auto start = ParseLeadingInt(QueryValue(query, "startrecord").value_or(""));
  auto end = ParseLeadingInt(QueryValue(query, "endrecord").value_or(""));
  if (!start || !end || *end < *start) return std::nullopt;
  if (answer.records.empty()) {
    if (req.method != "POST") return std::nullopt;
    // Some hosts answer records only to GET with every field in the query.
    return PageRequest{std::string(req.url) + "&" + req.body, "GET", "", "", req.headers};
  }
  long long next_start = *end + 1;
  if (answer.total_record && next_start > *answer.total_record) return std::nullopt;
  long long width = *end - *start + 1;
  std::string next_query = SetQueryValue(SetQueryValue(query, "startrecord", std::to_string(next_start)), "endrecord",
                                         std::to_string(next_start + width - 1));
  PageRequest next = req;
  next.url = std::string(WithoutQuery(req.url)) + "?" + next_query;
  return next;
}

// The next group after an answer to a GET page=N request.
std::optional<PageRequest> NextGroup(const PageRequest& req, const Datastore& answer) {
  if (answer.records.empty()) return std::nullopt;
  auto page = ParseLeadingInt(QueryValue(QueryOf(req.url), "page").value_or(""));
  if (page && answer.total_page && *page >= *answer.total_page) return std::nullopt;
  std::optional<std::string> url;
  if (!answer.nextgroup_href.empty()) url = ResolveLink(req.url, answer.nextgroup_href);
  if (!url || *url == req.url) {
    if (!page) return std::nullopt;
    url = std::string(WithoutQuery(req.url)) + "?" + SetQueryValue(QueryOf(req.url), "page", std::to_string(*page + 1));
  }
  PageRequest next = req;
  next.url = *url;
  return next;
}

}  // namespace

ListPageResult ReadHanwebColumn(const FetchedPage& page) {
  ListPageResult result;
  result.kind = ColumnKind::kHanwebDatastore;
  std::vector<Datastore> stores = ScanDatastores(page.body);
  if (stores.empty()) {  // cut off in transfer, or a template error: not an empty column
    result.error = "Hanweb column " + page.url + " has no complete <datastore> block";
    return result;
  }
  std::vector<JpageModule> modules;
  ScanParamObjects(page.body, modules);
  ScanJpageInits(page.body, modules);
  for (const ColumnBlock& block : ColumnBlocks(page, stores, modules)) {
    std::vector<ListItem> items = RecordItems(*block.ds, page.url);
    result.items.insert(result.items.end(), items.begin(), items.end());
    if (auto next = FirstWindow(page, block, result.error)) result.next_pages.push_back(std::move(*next));
    std::optional<long long> total = block.module ? block.module->total_record : std::nullopt;
    if (!total) total = block.ds->total_record;
    if (total && (!result.total_records || *total > *result.total_records)) result.total_records = total;
  }
  DedupeByUrl(result.items);
  return result;
}

ListPageResult ReadDataproxyAnswer(const FetchedPage& page, const std::optional<PageRequest>& request) {
  ListPageResult result;
  result.kind = ColumnKind::kHanwebDatastore;
  std::vector<Datastore> stores = ScanDatastores(page.body);
  if (stores.empty()) {
    result.error = "dataproxy answer from " + page.url + " has no complete <datastore>";
    return result;
  }
  const Datastore& answer = stores.front();
  if (answer.total_record) result.total_records = *answer.total_record;
  PageRequest req = request.value_or(PageRequest{page.url, "GET", "", "", {}});
  // Records' relative links are relative to the column, which is the Referer.
  std::string base = page.url;
  for (auto& [name, value] : req.headers) {
    if (name == "Referer" && !value.empty()) base = value;
  }
  result.items = RecordItems(answer, base);
  DedupeByUrl(result.items);
  bool windowed = QueryValue(QueryOf(req.url), "startrecord").has_value();
  auto next = windowed ? NextWindow(req, answer) : NextGroup(req, answer);
  if (next) result.next_pages.push_back(std::move(*next));
  return result;
}

}  // namespace nianbao::crawler
