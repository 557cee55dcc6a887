// libFuzzer target for Hanweb jpage columns: the input is a fetched body (made
// valid UTF-8), read as a column page with an inline <datastore> and as a
// dataproxy.jsp answer to one request: the window the column page itself asks
// for next (so the paging arithmetic sees hostile totalrecord/perPage values),
// else a plain GET or a fixed POST, picked by the input's size. One answer per
// input, since every record is an HTML fragment parsed on its own. The raw
// datastore scanner runs on the raw bytes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "crawler/walkers/datastore.h"
#include "crawler/walkers/hanweb.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::crawler;
  const std::string_view raw = nianbao::fuzz::Bytes(data, size);
  for (const Datastore& ds : ScanDatastores(raw)) (void)DecodeBasicEntities(ds.nextgroup_href);
  (void)IsDatastoreDocument(raw);

  FetchedPage page;
  page.url = "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html?uid=4315&pageNum=1";
  page.status = 200;
  page.body = nianbao::fuzz::ValidUtf8(raw);
  const ListPageResult column = ReadHanwebColumn(page);

  FetchedPage answer = page;
  answer.url = "http://ngqxxgk.harbin.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=5";
  std::optional<PageRequest> request;
  if (!column.next_pages.empty()) {
    request = column.next_pages.front();
    answer.url = request->url;
  } else if (size % 2 == 0) {
    request = PageRequest{};
    request->url = answer.url;
    request->method = "POST";
    request->body = "col=1&appid=1&webid=27&path=%2F&columnid=126585&sourceContentType=1&unitid=4315&permissiontype=0";
    request->content_type = "application/x-www-form-urlencoded; charset=UTF-8";
  }
  (void)ReadDataproxyAnswer(answer, request);
  return 0;
}
