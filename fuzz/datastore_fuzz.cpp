// libFuzzer target for Hanweb jpage columns: the input is a fetched body (made
// valid UTF-8), read as a column page with an inline <datastore> and as a
// dataproxy.jsp answer, both for a plain GET and for the window requests the
// column page itself asks for next, so the paging arithmetic sees hostile
// totalrecord/perPage values. The raw datastore scanner runs on the raw bytes.
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
  (void)ReadDataproxyAnswer(answer, std::nullopt);
  PageRequest post;
  post.url = answer.url;
  post.method = "POST";
  post.body = "col=1&appid=1&webid=27&path=%2F&columnid=126585&sourceContentType=1&unitid=4315&permissiontype=0";
  post.content_type = "application/x-www-form-urlencoded; charset=UTF-8";
  (void)ReadDataproxyAnswer(answer, post);
  std::size_t followed = 0;
  for (const PageRequest& next : column.next_pages) {
    if (followed++ == 2) break;
    answer.url = next.url;
    (void)ReadDataproxyAnswer(answer, next);
  }
  return 0;
}
