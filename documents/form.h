// DocumentForm: what a file is, told by its bytes alone (magic numbers, the
// ZIP directory of OOXML and OFD, the OLE2 directory of DOC/WPS/XLS), never
// by its name or the server's Content-Type: sites send PDFs as
// application/octet-stream behind downfile.jsp, and name Word 97 files .wps.
//
// Stateless and thread-safe. SniffForm reads at most the directories it
// needs and never fails: bytes it cannot place are kBinary (or kPage when
// they look like text).
#pragma once

#include <string_view>

#include "parser/report.h"

namespace nianbao::documents {

enum class DocumentForm {
  kPage,     // HTML or plain text: the parser's own input (parser/parse.h)
  kPdf,
  kDocx,     // OOXML word processing (word/document.xml)
  kXlsx,     // OOXML spreadsheet (xl/workbook.xml)
  kOoxml,    // another OOXML package (pptx, …): unsupported
  kOfd,      // GB/T 33190 (a ZIP with OFD.xml): unsupported
  kZip,      // a plain ZIP archive: its members are read
  kDoc,      // Word 97 binary (an OLE2 file with a WordDocument stream)
  kWps,      // Kingsoft WPS 文字 in its own OLE2 layout (most .wps uploads are kDoc)
  kXls,      // BIFF8 spreadsheet in OLE2: unsupported
  kOle,      // another OLE2 file: unsupported
  kRar,
  k7z,
  kImage,    // PNG, JPEG, GIF, TIFF, BMP: a scan (see the scans issue)
  kBinary,   // anything else that is not text
};

// "page", "pdf", "docx", "xlsx", "ooxml", "ofd", "zip", "doc", "wps", "xls",
// "ole", "rar", "7z", "image", "binary": the names operators see in failures.
const char* FormName(DocumentForm form);

DocumentForm SniffForm(std::string_view bytes);

// The directory-level halves of SniffForm, for bytes whose magic already says
// ZIP (ooxml/zip_archive.cpp: kDocx, kXlsx, kOoxml, kOfd or kZip; kBroken
// directories are kZip, left to the archive reader to report) or OLE2
// (word97/compound_file.cpp: kDoc, kWps, kXls or kOle).
DocumentForm ClassifyZip(std::string_view bytes);
DocumentForm ClassifyOle(std::string_view bytes);

// The Report::document a form's numbers are recorded under (kNone for forms
// that have no reader).
parser::DocumentKind KindOfForm(DocumentForm form);

}  // namespace nianbao::documents
