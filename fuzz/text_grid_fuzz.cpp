// libFuzzer target for plain-text reports (converted PDF/DOC): tab and pipe
// tables, headings and the title through ParseTextDocument with small limits,
// then the grids through the table mapper. Input is made valid UTF-8 first, as
// the front door does (decode.h), since the reader REQUIRES UTF-8.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "parser/decode.h"
#include "parser/sections.h"
#include "parser/tables/table_mapper.h"
#include "parser/tables/text_grid.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::parser;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const DecodedText text = DecodeToUtf8(bytes, "utf-8");

  TextGridLimits limits;
  limits.max_columns = 12;
  limits.max_table_cells = 2000;
  TextDocument doc = ParseTextDocument(text.utf8, limits);
  (void)SplitSections(doc.blocks);
  (void)MapTables(doc.tables, std::nullopt);
  (void)TidyTitle(text.utf8);
  return 0;
}
