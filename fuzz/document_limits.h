// The ExtractLimits every document-reader fuzz target reads with: small, so
// that an input claiming many pages, members or cells is refused early and
// an execution stays within milliseconds and a few MB (a hostile file's
// bounds are what is under test, not its bulk). Header-only.
#pragma once

#include "documents/limits.h"

namespace nianbao::fuzz {

inline documents::ExtractLimits TightLimits() {
  documents::ExtractLimits l;
  l.max_input_bytes = 1u << 20;
  l.max_pages = 8;
  l.max_unpacked_bytes = 4u << 20;
  l.max_ratio = 200.0;
  l.max_archive_depth = 2;
  l.max_archive_members = 32;
  l.max_xml_depth = 64;
  l.max_table_cells = 20000;
  return l;
}

}  // namespace nianbao::fuzz
