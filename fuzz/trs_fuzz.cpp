// libFuzzer target for TRS WCM static lists: the input (made valid UTF-8) is a
// list page; its createPageHTML(...) call is found and the rows and next
// index_N request read with it, or, when the fuzzer broke the call, with a
// fixed pager of either numbering (one list read per input: each parses HTML).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "crawler/walkers/trs.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::crawler;
  FetchedPage page;
  page.url = "http://www.hubei.gov.cn/zwgk/zfxxgknb/index_1.shtml";
  page.status = 200;
  page.body = nianbao::fuzz::ValidUtf8(nianbao::fuzz::Bytes(data, size));
  const std::optional<TrsPager> pager = FindTrsPager(page.body);
  if (pager) {
    (void)ReadTrsList(page, *pager);
  } else if (size % 2 == 0) {
    (void)ReadTrsList(page, TrsPager{3, 1, false, "index", "shtml"});
  } else {
    (void)ReadTrsList(page, TrsPager{3, 2, true, "index", "html"});
  }
  return 0;
}
