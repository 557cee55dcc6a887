#include "documents/extract.h"

#include <string>

#include "documents/ooxml/docx_reader.h"
#include "documents/ooxml/xlsx_reader.h"
#include "documents/pdf/pdf_reader.h"
#include "documents/word97/word_reader.h"
#include "documents/zip/archive_reader.h"

namespace nianbao::documents {
namespace {

ReadFailure Unsupported(DocumentForm form, std::string_view why) {
  return {ReadFailureKind::kUnsupported, std::string(FormName(form)) + " file: " + std::string(why)};
}

}  // namespace

Extraction ExtractDocument(std::string_view bytes, const ExtractLimits& limits, int depth) {
  if (bytes.empty()) return ReadFailure{ReadFailureKind::kBroken, "empty file"};
  if (bytes.size() > limits.max_input_bytes) {
    return ReadFailure{ReadFailureKind::kLimit, "file of " + std::to_string(bytes.size()) + " bytes is over the " +
                                                    std::to_string(limits.max_input_bytes) + "-byte limit"};
  }
  const DocumentForm form = SniffForm(bytes);
  switch (form) {
    case DocumentForm::kPdf: return ReadPdf(bytes, limits);
    case DocumentForm::kDocx: return ReadDocx(bytes, limits);
    case DocumentForm::kXlsx: return ReadXlsx(bytes, limits);
    case DocumentForm::kDoc:
    case DocumentForm::kWps: return ReadWord97(bytes, form, limits);
    case DocumentForm::kZip: return ReadArchive(bytes, limits, depth);
    case DocumentForm::kOfd: return Unsupported(form, "OFD (GB/T 33190) has no reader");
    case DocumentForm::kRar: return Unsupported(form, "RAR archives are not unpacked");
    case DocumentForm::k7z: return Unsupported(form, "7z archives are not unpacked");
    case DocumentForm::kXls: return Unsupported(form, "Excel 97 spreadsheets have no reader");
    case DocumentForm::kOoxml: return Unsupported(form, "an OOXML package that is neither DOCX nor XLSX");
    case DocumentForm::kOle: return Unsupported(form, "an OLE2 file that is neither Word nor WPS");
    case DocumentForm::kImage: return ReadFailure{ReadFailureKind::kNoText, "image file: no text layer, OCR unavailable"};
    case DocumentForm::kBinary: return Unsupported(form, "not a known document form");
    case DocumentForm::kPage: break;
  }
  return Unsupported(form, "a page or text is read by the parser, not a document reader");
}

}  // namespace nianbao::documents
