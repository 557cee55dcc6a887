// ReadPdf on files it must refuse: each gives the ReadFailure kind and detail
// an operator sees, never a crash.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "documents/pdf/pdf_reader.h"

namespace nianbao::documents {
namespace {

namespace fs = std::filesystem;
const fs::path kDir = fs::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures" / "documents";

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ReadFailure Failure(const Extraction& e) {
  REQUIRE(!Succeeded(e));
  return std::get<ReadFailure>(e);
}

TEST_CASE("an encrypted PDF is kEncrypted") {
  ReadFailure f = Failure(ReadPdf(Slurp(kDir / "huaian-city-2024.encrypted.pdf"), ExtractLimits{}));
  CHECK(f.kind == ReadFailureKind::kEncrypted);
  CHECK(f.detail == "PDF: encrypted (password required)");
}

TEST_CASE("bytes that are not a PDF are kBroken with MuPDF's message") {
  ReadFailure f = Failure(ReadPdf("%PDF-1.7\nthis is not a pdf at all", ExtractLimits{}));
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail.rfind("PDF: ", 0) == 0);
  CHECK(f.detail.size() > 5);
}

TEST_CASE("a truncated PDF never crashes: refused, or read with the lost pages named") {
  std::string whole = Slurp(kDir / "real" / "huaian-city-2024.pdf");
  for (std::size_t keep : {std::size_t{16}, std::size_t{2000}, whole.size() / 3, whole.size() / 2, whole.size() - 100}) {
    INFO("first " << keep << " bytes");
    Extraction e = ReadPdf(std::string_view(whole).substr(0, keep), ExtractLimits{});
    if (Succeeded(e)) {
      const auto& parts = std::get<parser::DocumentParts>(e);
      CHECK(parts.pages >= 1);
    } else {
      ReadFailureKind k = std::get<ReadFailure>(e).kind;
      CHECK((k == ReadFailureKind::kBroken || k == ReadFailureKind::kNoText));
    }
  }
  // The header alone: no document to open.
  ReadFailure f = Failure(ReadPdf(std::string_view(whole).substr(0, 16), ExtractLimits{}));
  CHECK(f.kind == ReadFailureKind::kBroken);
}

TEST_CASE("a PDF with no text on any page is kNoText") {
  ReadFailure f = Failure(ReadPdf(Slurp(kDir / "drawing-only.pdf"), ExtractLimits{}));
  CHECK(f.kind == ReadFailureKind::kNoText);
  CHECK(f.detail == "PDF: no text layer on any of 1 pages (a scan): OCR unavailable");
}

TEST_CASE("more pages than the limit is kLimit") {
  ExtractLimits limits;
  limits.max_pages = 5;
  ReadFailure f = Failure(ReadPdf(Slurp(kDir / "real" / "huaian-city-2024.pdf"), limits));
  CHECK(f.kind == ReadFailureKind::kLimit);
  CHECK(f.detail == "PDF: 6 pages, over the 5-page limit");
}

}  // namespace
}  // namespace nianbao::documents
