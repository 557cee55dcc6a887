// libFuzzer target for the PDF reader: the input is a whole file, read by
// ReadPdf (MuPDF, then the lattice and layout of documents/pdf) within tight
// limits. MuPDF itself is the packaged static library (not instrumented);
// coverage is that of documents/pdf and the parser code it feeds.
#include <cstddef>
#include <cstdint>

#include "documents/pdf/pdf_reader.h"
#include "fuzz/document_limits.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nianbao::documents::ExtractLimits limits = nianbao::fuzz::TightLimits();
  (void)nianbao::documents::ReadPdf(nianbao::fuzz::Bytes(data, size), limits);
  return 0;
}
