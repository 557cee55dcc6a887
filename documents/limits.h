// ExtractLimits: the bounds every reader keeps, whatever the file claims.
// They hold inside the reader process; the process itself is further bounded
// by isolation/ (CPU time, address space, wall clock).
#pragma once

#include <cstddef>

namespace nianbao::documents {

struct ExtractLimits {
  std::size_t max_input_bytes = 50u << 20;         // the page limit of parser/parse.h
  int max_pages = 500;                             // a PDF over this is kLimit (no report has 500 pages)
  std::size_t max_unpacked_bytes = 200u << 20;     // total inflated size of a ZIP/OOXML package's members read
  double max_ratio = 200.0;                        // inflated / compressed, per member
  int max_archive_depth = 2;                       // a ZIP in a ZIP in a ZIP is refused
  int max_archive_members = 1000;                  // members listed in one archive
  int max_xml_depth = 256;                         // element nesting in OOXML parts
  std::size_t max_table_cells = 200000;            // as TextGridLimits
};

}  // namespace nianbao::documents
