#include "documents/form.h"

#include <utility>

namespace nianbao::documents {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

constexpr std::pair<DocumentForm, const char*> kNames[] = {
    {DocumentForm::kPage, "page"}, {DocumentForm::kPdf, "pdf"},     {DocumentForm::kDocx, "docx"},
    {DocumentForm::kXlsx, "xlsx"}, {DocumentForm::kOoxml, "ooxml"}, {DocumentForm::kOfd, "ofd"},
    {DocumentForm::kZip, "zip"},   {DocumentForm::kDoc, "doc"},     {DocumentForm::kWps, "wps"},
    {DocumentForm::kXls, "xls"},   {DocumentForm::kOle, "ole"},     {DocumentForm::kRar, "rar"},
    {DocumentForm::k7z, "7z"},     {DocumentForm::kImage, "image"}, {DocumentForm::kBinary, "binary"}};

// A PDF may have junk before its header (the spec allows 1 KiB of it).
bool IsPdf(std::string_view b) { return b.substr(0, 1024).find("%PDF-") != std::string_view::npos; }

bool IsImage(std::string_view b) {
  return StartsWith(b, "\x89PNG\r\n\x1a\n") || StartsWith(b, "\xFF\xD8\xFF") || StartsWith(b, "GIF87a") ||
         StartsWith(b, "GIF89a") || StartsWith(b, "II*\0") || StartsWith(b, std::string_view("MM\0*", 4)) ||
         StartsWith(b, "BM");
}

bool LooksBinary(std::string_view b) {
  // UTF-16 text has NULs but also a BOM, which the parser's decoder reads.
  if (StartsWith(b, "\xFF\xFE") || StartsWith(b, "\xFE\xFF")) return false;
  return b.substr(0, 4096).find('\0') != std::string_view::npos;
}

}  // namespace

const char* FormName(DocumentForm form) {
  for (const auto& [f, name] : kNames) {
    if (f == form) return name;
  }
  return "binary";
}

DocumentForm SniffForm(std::string_view b) {
  if (IsPdf(b)) return DocumentForm::kPdf;
  if (StartsWith(b, "PK\x03\x04") || StartsWith(b, "PK\x05\x06")) return ClassifyZip(b);
  if (StartsWith(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return ClassifyOle(b);
  if (StartsWith(b, "Rar!\x1A\x07")) return DocumentForm::kRar;
  if (StartsWith(b, "7z\xBC\xAF\x27\x1C")) return DocumentForm::k7z;
  if (IsImage(b)) return DocumentForm::kImage;
  return LooksBinary(b) ? DocumentForm::kBinary : DocumentForm::kPage;
}

parser::DocumentKind KindOfForm(DocumentForm form) {
  switch (form) {
    case DocumentForm::kPage: return parser::DocumentKind::kHtml;
    case DocumentForm::kPdf: return parser::DocumentKind::kPdf;
    case DocumentForm::kDocx: return parser::DocumentKind::kDocx;
    case DocumentForm::kXlsx: return parser::DocumentKind::kXlsx;
    case DocumentForm::kDoc: return parser::DocumentKind::kDoc;
    case DocumentForm::kWps: return parser::DocumentKind::kWps;
    case DocumentForm::kImage: return parser::DocumentKind::kImage;
    default: return parser::DocumentKind::kNone;
  }
}

}  // namespace nianbao::documents
