#include "documents/word97/word_reader.h"

namespace nianbao::documents {

// Placeholders until the Word 97 reader lands.
Extraction ReadWord97(std::string_view, DocumentForm form, const ExtractLimits&) {
  return ReadFailure{ReadFailureKind::kUnsupported, std::string(FormName(form)) + ": no reader in this build"};
}

DocumentForm ClassifyOle(std::string_view) { return DocumentForm::kOle; }

}  // namespace nianbao::documents
