// libFuzzer target for the parser's front door: arbitrary bytes through
// ParseDocument (decoding, HTML or text, sections, tables, identity, checks).
// The first byte picks the charset and Content-Type the "server" claims; the
// HTML and text readers with small limits have their own targets (html_fuzz,
// text_grid_fuzz). Any crash, sanitizer report, leak or timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parser/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::parser;
  static constexpr std::string_view kCharsets[] = {"", "utf-8", "gbk", "big5", "x-bogus"};
  static constexpr std::string_view kTypes[] = {"", "text/html", "text/plain"};
  const unsigned pick = size > 0 ? data[0] : 0;
  ParseInput in;
  in.bytes = std::string_view(reinterpret_cast<const char*>(data), size);
  in.url = "http://fuzz.gov.cn/a/b/c.html";
  in.http_charset = std::string(kCharsets[pick % 5]);
  in.content_type = std::string(kTypes[(pick / 5) % 3]);
  (void)ParseDocument(in);
  return 0;
}
