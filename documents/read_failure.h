// Extraction: the outcome of reading one document: its parts, or why they
// could not be read. The kinds are the failure causes operators see
// (interface.md): encrypted, unsupported, broken, limit; a page without a
// text layer is kNoText (a scan: the scans issue reads it by OCR).
#pragma once

#include <string>
#include <variant>

#include "parser/document_parts.h"

namespace nianbao::documents {

enum class ReadFailureKind {
  kEncrypted,    // password-protected or DRM: not retried
  kUnsupported,  // a form with no reader (RAR, OFD, XLS, …): `detail` names the form
  kBroken,       // the file is damaged or is not what its magic says
  kLimit,        // a bound was hit: pages, archive size or ratio, nesting, CPU time, memory
  kNoText,       // no usable text layer (a scan, or glyphs without a ToUnicode map)
  kCrashed,      // the reader process died (a signal): the file is hostile or triggers a bug
};

// "encrypted", "unsupported", "broken", "limit", "no_text", "crashed".
const char* ReadFailureKindName(ReadFailureKind kind);

struct ReadFailure {
  ReadFailureKind kind = ReadFailureKind::kBroken;
  // What failed and where, for an operator: "PDF page 3: broken xref table",
  // "ZIP member 报告.docx: ratio 1:4000 over the 1:200 bound".
  std::string detail;
};

using Extraction = std::variant<parser::DocumentParts, ReadFailure>;

inline bool Succeeded(const Extraction& e) { return std::holds_alternative<parser::DocumentParts>(e); }

}  // namespace nianbao::documents
