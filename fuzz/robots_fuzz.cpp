// libFuzzer target for robots.txt: the whole input is the file, parsed for our
// user agent; every rule's pattern is then matched against a few fixed paths
// and against the other patterns (as paths), which drives the glob matcher
// with hostile '*' runs. The first line also serves as the user agent.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_input.h"
#include "net/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::net;
  const std::string_view body = nianbao::fuzz::Bytes(data, size);
  const RobotsRules rules = RobotsRules::Parse(body, "nianbao/1.0 (+mailto:ops@example.org)");
  static constexpr std::string_view kPaths[] = {
      "/", "/robots.txt", "/col/col126585/index.html?uid=1&pageNum=2", "/module/web/jpage/dataproxy.jsp",
      "/%E5%B9%B4%E6%8A%A5/", "/a b/年报.pdf"};
  for (std::string_view p : kPaths) (void)rules.IsAllowed(p);
  const std::size_t n = std::min<std::size_t>(rules.rules().size(), 16);
  for (std::size_t i = 0; i < n; ++i) {
    (void)rules.IsAllowed(rules.rules()[i].pattern);
    for (std::size_t j = 0; j < n; ++j) (void)RobotsPatternMatches(rules.rules()[i].pattern, rules.rules()[j].pattern);
  }
  (void)rules.crawl_delay_ms();

  const std::vector<std::string_view> first = nianbao::fuzz::Lines(body, 1);
  if (!first.empty()) (void)RobotsRules::Parse(body, first.front()).IsAllowed("/index.html");
  return 0;
}
