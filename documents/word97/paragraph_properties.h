// ParagraphProperties: the table-related part of the PAPX of each paragraph
// mark, indexed by file position. Built from PlcBtePapx (table stream) and the
// 512-byte FKP pages it points at in the WordDocument stream; every offset is
// checked against the page and the stream, so a broken FKP is a kBroken value.
// Immutable after Read; plain data.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "documents/read_failure.h"
#include "documents/word97/word_text.h"

namespace nianbao::documents::word97 {

struct TableSprms {
  bool in_table = false;    // sprmPFInTable
  bool ttp = false;         // sprmPFTtp: the row-end mark of a depth-1 row
  int itap = 0;             // sprmPItap: nesting depth when > 1
  bool inner_cell = false;  // sprmPFInnerTableCell
  bool inner_ttp = false;   // sprmPFInnerTtp
  RowDefinition row;        // sprmTDefTable, sprmTVertMerge
};

// The sprms of one grpprl; unknown sprms are skipped by their size.
// sprmPHugePapx is followed into `data` (the Data stream) once.
TableSprms ParseTableSprms(std::string_view grpprl, std::string_view data);

class ParagraphProperties {
 public:
  static std::variant<ParagraphProperties, ReadFailure> Read(std::string_view word_document, std::string_view table,
                                                             std::string_view data, std::uint32_t fc_plc, std::uint32_t lcb_plc);
  // The properties of the paragraph whose mark is at file position `fc`
  // (defaults when no run covers it).
  const TableSprms& At(std::uint32_t fc) const;

 private:
  struct Run {
    std::uint32_t fc_first = 0, fc_lim = 0;
    TableSprms sprms;
  };
  std::vector<Run> runs_;  // sorted by fc_first
  TableSprms none_;
};

}  // namespace nianbao::documents::word97
