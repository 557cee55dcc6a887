#include "documents/pdf/pdf_reader.h"

namespace nianbao::documents {

// Placeholder until the PDF reader lands.
Extraction ReadPdf(std::string_view, const ExtractLimits&) {
  return ReadFailure{ReadFailureKind::kUnsupported, "pdf: no reader in this build"};
}

}  // namespace nianbao::documents
