// libFuzzer target for report identity: a link or page title through
// IdentityFromTitle (report or not, year, agency), the body's first lines
// through IdentityFromBody, the whole page through IdentityOfPage, and the
// agency matcher against a small roster. Lines after the first are body
// blocks; the second line doubles as the ContentSource meta. Input is made
// valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "parser/identity/agency_match.h"
#include "parser/identity/report_identity.h"
#include "parser/sections.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::parser;
  const std::string text = nianbao::fuzz::ValidUtf8(nianbao::fuzz::Bytes(data, size));
  const std::vector<std::string_view> lines = nianbao::fuzz::Lines(text, 16);
  const std::string_view title = lines.empty() ? std::string_view() : lines.front();

  const ReportIdentity classified = IdentityFromTitle(title);

  std::vector<TextBlock> blocks;
  for (std::size_t i = 1; i < lines.size(); ++i) blocks.push_back(TextBlock{std::string(lines[i]), i % 2 == 0});
  const ReportIdentity from_body = IdentityFromBody(blocks);
  PageIdentityText page;
  page.title = title;
  page.content_source = lines.size() > 1 ? lines[1] : std::string_view();
  page.blocks = &blocks;
  const ReportIdentity whole = IdentityOfPage(page);

  static const std::vector<std::string> kRoster = {
      "哈尔滨市南岗区人民政府", "南岗区王岗镇人民政府", "南岗区文化街道办事处",
      "四方台区人民政府办公室", "四方台区人民政府", "木兰县柳河镇"};
  (void)CanonicalAgency(title);
  (void)MatchAgency(classified.agency, kRoster);
  (void)MatchAgency(from_body.agency, kRoster);
  (void)MatchAgency(whole.agency, kRoster);
  // The roster comes from the operator's config: any line may be an entry.
  std::vector<std::string> roster(lines.begin(), lines.end());
  (void)MatchAgency(title, roster);
  return 0;
}
