// The main text of a Word 97 document (MS-DOC) as paragraphs with their table
// properties: the FIB, the piece table (CLX), the characters of each piece
// (compressed cp1252 or UTF-16LE), fields reduced to their results, and each
// paragraph mark's PAPX (from the FKPs of PlcBtePapx) read for the table
// sprms. word_tables.h turns the paragraphs into TextBlocks and Grids.
//
// Pure function over the streams of one file; bounded by their sizes (no
// allocation beyond the WordDocument stream's length in characters). Failures
// are values: kEncrypted "DOC: encrypted", kUnsupported for Word 6/95, kBroken
// naming the structure ("DOC: piece 3 outside the WordDocument stream").
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "documents/read_failure.h"
#include "documents/word97/compound_file.h"

namespace nianbao::documents::word97 {

// A table row's definition (sprmTDefTable of its row-end mark): cell
// boundaries in twips (cells + 1 of them) and each cell's merge flags.
struct RowDefinition {
  std::vector<int> bounds;
  std::vector<bool> vert_merged;     // continues the cell above (fVertMerge without fVertRestart)
  std::vector<bool> horz_merged;     // continues the cell to its left (TC fMerged)
};

struct Paragraph {
  std::string text;        // UTF-8 without the mark; tabs and line breaks as spaces
  int depth = 0;           // table nesting (itap): 0 outside tables
  bool cell_end = false;   // the mark ends a cell at `depth`
  bool row_end = false;    // the mark ends a row at `depth` (it holds no cell text)
  RowDefinition row;       // on row ends
};

// The main document's paragraphs in order. `limit_paragraphs` bounds the
// count (kLimit beyond it).
std::variant<std::vector<Paragraph>, ReadFailure> ReadParagraphs(const CompoundFile& file,
                                                                 std::size_t limit_paragraphs);

}  // namespace nianbao::documents::word97
