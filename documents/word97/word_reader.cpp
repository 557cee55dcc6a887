#include "documents/word97/word_reader.h"

#include <optional>

#include "common/text.h"
#include "documents/word97/compound_file.h"
#include "documents/word97/word_tables.h"
#include "documents/word97/word_text.h"

namespace nianbao::documents {
namespace {

// The signature (agency, date) closes a report: only the last few blocks are
// searched, so a date quoted in the body is not taken for it.
constexpr std::size_t kSignatureBlocks = 3;
// The title is among the first paragraphs (a page saved as DOC keeps its
// navigation above it); a title is short.
constexpr std::size_t kTitleBlocks = 30;
constexpr std::size_t kTitleBytes = 200;

bool EndsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// The first paragraph ending in 报告 (joined with the one before when the
// title is set over two lines, "…2021年政府信息公开" / "工作年度报告"); else
// the first paragraph.
std::optional<std::string> FindTitle(const std::vector<parser::TextBlock>& blocks) {
  for (std::size_t i = 0; i < blocks.size() && i < kTitleBlocks; ++i) {
    const std::string& t = blocks[i].text;
    if (t.size() > kTitleBytes || !EndsWith(t, "报告")) continue;
    // A second line has no year ("工作年度报告"); the first line holds it.
    if (t.find_first_of("0123456789") == std::string::npos && i > 0 && blocks[i - 1].text.size() + t.size() <= kTitleBytes)
      return blocks[i - 1].text + t;
    return t;
  }
  return std::nullopt;
}

// A document laid out in one-column tables (a page saved as DOC) has its
// title in a cell.
std::optional<std::string> FindTitleInLayoutTables(const std::vector<parser::Grid>& tables) {
  std::vector<parser::TextBlock> cells;
  for (const parser::Grid& g : tables) {
    if (g.width() != 1) continue;
    for (const auto& row : g.rows) cells.push_back({row[0].text, false});
  }
  return FindTitle(cells);
}

}  // namespace

Extraction ReadWord97(std::string_view bytes, DocumentForm form, const ExtractLimits& limits) {
  if (bytes.size() > limits.max_input_bytes)
    return ReadFailure{ReadFailureKind::kLimit, "DOC: " + std::to_string(bytes.size()) + " bytes over the " +
                                                    std::to_string(limits.max_input_bytes) + " bound"};
  auto file = word97::CompoundFile::Open(bytes);
  if (auto* f = std::get_if<ReadFailure>(&file)) return std::move(*f);
  // Each paragraph ends with a mark of its own, so the file bounds their count;
  // the cell bound keeps a table-only document within limits too.
  auto paragraphs = word97::ReadParagraphs(std::get<word97::CompoundFile>(file), limits.max_table_cells + bytes.size() / 2);
  if (auto* f = std::get_if<ReadFailure>(&paragraphs)) return std::move(*f);

  parser::DocumentParts parts;
  parts.kind = form == DocumentForm::kWps ? parser::DocumentKind::kWps : parser::DocumentKind::kDoc;
  if (auto failure = word97::BuildBlocksAndTables(std::get<std::vector<word97::Paragraph>>(paragraphs),
                                                  limits.max_table_cells, parts))
    return std::move(*failure);
  if (auto title = FindTitle(parts.blocks)) {
    parts.title = *title;
  } else if (auto in_table = FindTitleInLayoutTables(parts.tables)) {
    parts.title = *in_table;
  } else if (!parts.blocks.empty()) {
    parts.title = parts.blocks.front().text;
  }
  for (std::size_t i = 0; i < parts.blocks.size() && i < kSignatureBlocks; ++i) {
    if (auto date = FindDate(parts.blocks[parts.blocks.size() - 1 - i].text)) {
      parts.published = *date;
      break;
    }
  }
  return parts;
}

}  // namespace nianbao::documents
