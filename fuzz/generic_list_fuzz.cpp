// libFuzzer target for the generic list walker: the input (made valid UTF-8)
// is any server-rendered list page; its row links and 下一页 link are read,
// against one of two page URLs (a directory and a file with a query), picked
// by the input's size, so relative links resolve both ways.
#include <cstddef>
#include <cstdint>
#include <string>

#include "crawler/walkers/generic_list.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::crawler;
  FetchedPage page;
  page.url = size % 2 == 0 ? "http://fgw.harbin.gov.cn/gzdt/" : "http://www.yancheng.gov.cn/col/col1/index.html?page=2";
  page.status = 200;
  page.body = nianbao::fuzz::ValidUtf8(nianbao::fuzz::Bytes(data, size));
  (void)ReadGenericList(page);
  return 0;
}
