#include "documents/ooxml/docx_reader.h"

namespace nianbao::documents {

// Placeholder until the OOXML reader lands.
Extraction ReadDocx(std::string_view, const ExtractLimits&) {
  return ReadFailure{ReadFailureKind::kUnsupported, "docx: no reader in this build"};
}

}  // namespace nianbao::documents
