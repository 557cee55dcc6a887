// PdfDocument: a PDF opened by MuPDF from memory, and the geometry of its
// pages. Owns its fz_context, stream and document (RAII); one thread at a
// time. MuPDF errors (setjmp/longjmp) stay inside pdf_document.cpp and come
// out as a ReadFailure naming the page.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "documents/pdf/pdf_geometry.h"
#include "documents/read_failure.h"

namespace nianbao::documents::pdf {

class PdfDocument {
 public:
  // Opens `bytes` (which must outlive the document). Encrypted → kEncrypted,
  // unopenable → kBroken with MuPDF's message.
  static std::variant<std::unique_ptr<PdfDocument>, ReadFailure> Open(std::string_view bytes);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  int page_count() const { return pages_; }
  // Page `index` (0-based): characters and rulings, at most `max_items` of each
  // (the rest dropped, so a hostile page cannot exhaust memory).
  std::variant<PageGeometry, ReadFailure> LoadPage(int index, std::size_t max_items) const;

  struct Handles;
  struct Key {};  // only Open makes documents
  PdfDocument(Key, std::unique_ptr<Handles> h, int pages);

 private:
  std::unique_ptr<Handles> h_;
  int pages_ = 0;
};

}  // namespace nianbao::documents::pdf
