// libFuzzer target for the Hanweb xxgk module: the input (made valid UTF-8) is
// read as a search.jsp result page when it has tr_main_value rows, with the
// request that fetched it (a POST carrying currpage, or, by the input's size,
// a GET with currpage in its query), else as the column shell that asks for
// search.jsp. One HTML parse per input.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "crawler/walkers/xxgk.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::crawler;
  FetchedPage page;
  page.url = "http://xxgk.harbin.gov.cn/col/col11581/index.html?vc_xxgkarea=11230100MB1D77046P";
  page.status = 200;
  page.body = nianbao::fuzz::ValidUtf8(nianbao::fuzz::Bytes(data, size));
  (void)IsXxgkShell(page.body);
  if (!IsXxgkResultPage(page.body)) {
    (void)ReadXxgkShell(page);
    return 0;
  }
  PageRequest request;
  if (size % 2 == 0) {
    request.url = "http://xxgk.harbin.gov.cn/module/xxgk/search.jsp?standardXxgk=1&area=11230100MB1D77046P";
    request.method = "POST";
    request.body = "infotypeId=0&area=11230100MB1D77046P&divid=div11581&standardXxgk=1&currpage=2";
    request.content_type = "application/x-www-form-urlencoded";
  } else {
    request.url = "http://xxgk.harbin.gov.cn/module/xxgk/search.jsp?area=11230100MB1D77046P&currpage=3";
    request.method = "GET";
  }
  page.url = request.url;
  (void)ReadXxgkResults(page, size % 3 == 0 ? std::nullopt : std::optional<PageRequest>(request));
  return 0;
}
