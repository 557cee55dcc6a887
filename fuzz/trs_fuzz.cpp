// libFuzzer target for TRS WCM static lists: the input (made valid UTF-8) is a
// list page; its createPageHTML(...) call is found and the rows and next
// index_N request read with it, and with fixed pagers of both numberings so
// the list reader runs even when the fuzzer breaks the call.
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
  if (const std::optional<TrsPager> pager = FindTrsPager(page.body)) (void)ReadTrsList(page, *pager);
  (void)ReadTrsList(page, TrsPager{3, 1, false, "index", "shtml"});
  (void)ReadTrsList(page, TrsPager{3, 2, true, "index", "html"});
  return 0;
}
