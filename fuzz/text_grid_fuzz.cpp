// libFuzzer target for plain-text reports (converted PDF/DOC): tab and pipe
// tables, headings and the title through ParseTextDocument with small limits,
// then the grids through the table mapper. Input is made valid UTF-8 first
// (invalid bytes → U+FFFD, as decode.h does), since the reader REQUIRES UTF-8.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz/fuzz_input.h"
#include "parser/sections.h"
#include "parser/tables/table_mapper.h"
#include "parser/tables/text_grid.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::parser;
  const std::string text = nianbao::fuzz::ValidUtf8(nianbao::fuzz::Bytes(data, size));

  TextGridLimits limits;
  limits.max_columns = 12;
  limits.max_table_cells = 2000;
  TextDocument doc = ParseTextDocument(text, limits);
  (void)SplitSections(doc.blocks);
  (void)MapTables(doc.tables, std::nullopt);
  (void)TidyTitle(text);
  return 0;
}
