#include "documents/ooxml/xlsx_reader.h"

namespace nianbao::documents {

// Placeholder until the OOXML reader lands.
Extraction ReadXlsx(std::string_view, const ExtractLimits&) {
  return ReadFailure{ReadFailureKind::kUnsupported, "xlsx: no reader in this build"};
}

}  // namespace nianbao::documents
