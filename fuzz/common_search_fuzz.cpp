// libFuzzer target for the /common/search platform: the input (made valid
// UTF-8) is read as a list page that names channels and as the channel's JSON
// answer, for a plain GET and for the page=N requests the list page and the
// first answer ask for next, so totals and page numbers come from the input.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "crawler/walkers/common_search.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::crawler;
  FetchedPage page;
  page.url = "http://www.harbin.gov.cn/haerbin/c106192/navlist.shtml";
  page.status = 200;
  page.body = nianbao::fuzz::ValidUtf8(nianbao::fuzz::Bytes(data, size));
  (void)IsCommonSearchPage(page.body);
  const ListPageResult list = ReadCommonSearchPage(page);

  FetchedPage json = page;
  json.url = "http://www.harbin.gov.cn/common/search/5b80c5ff2bb349d6948d17015fa43ddf"
             "?_isAgg=true&_isJson=true&_pageSize=60&_template=index&page=1";
  const ListPageResult first = ReadCommonSearchJson(json, std::nullopt);
  std::size_t followed = 0;
  for (const auto* result : {&list, &first}) {
    for (const PageRequest& next : result->next_pages) {
      if (followed++ == 3) break;
      json.url = next.url;
      (void)ReadCommonSearchJson(json, next);
    }
  }
  return 0;
}
