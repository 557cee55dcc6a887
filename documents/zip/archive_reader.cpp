#include "documents/zip/archive_reader.h"

namespace nianbao::documents {

// Placeholders until the ZIP reader lands.
Extraction ReadArchive(std::string_view, const ExtractLimits&, int) {
  return ReadFailure{ReadFailureKind::kUnsupported, "zip: no reader in this build"};
}

DocumentForm ClassifyZip(std::string_view) { return DocumentForm::kZip; }

}  // namespace nianbao::documents
