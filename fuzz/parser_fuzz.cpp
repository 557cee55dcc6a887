// libFuzzer target for the HTML side of the parser: arbitrary bytes through
// DecodeToUtf8, ExtractArticle (with small limits, so the fuzzer also walks
// the limit paths), SplitSections and the front door ParseDocument. Any crash,
// sanitizer report, leak or timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser/html/article.h"
#include "parser/decode.h"
#include "parser/parse.h"
#include "parser/sections.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::parser;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks the HTTP charset the "server" claims.
  static constexpr std::string_view kCharsets[] = {"", "utf-8", "gbk", "big5", "x-bogus"};
  const std::string_view http = size > 0 ? kCharsets[data[0] % 5] : "";
  const DecodedText text = DecodeToUtf8(bytes, http);

  ArticleLimits limits;
  limits.max_depth = 64;
  limits.max_span = 64;
  limits.max_table_cells = 50000;
  nianbao::Result<Article> article = ExtractArticle(text.utf8, "http://fuzz.gov.cn/a/b/c.html", limits);
  if (article.ok()) (void)SplitSections(article->blocks);

  ParseInput in;
  in.bytes = bytes;
  in.url = "http://fuzz.gov.cn/a/b/c.html";
  in.http_charset = std::string(http);
  (void)ParseDocument(in);
  return 0;
}
