// libFuzzer target for the Word 97 reader: the input is a whole OLE2 file,
// told by SniffForm (a .wps in its own layout is read as kWps, anything else
// as kDoc, so that broken directories reach the reader too) and read by
// ReadWord97 within tight limits.
#include <cstddef>
#include <cstdint>

#include "documents/form.h"
#include "documents/word97/word_reader.h"
#include "fuzz/document_limits.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::documents;
  static const ExtractLimits limits = nianbao::fuzz::TightLimits();
  const std::string_view bytes = nianbao::fuzz::Bytes(data, size);
  const DocumentForm form = SniffForm(bytes) == DocumentForm::kWps ? DocumentForm::kWps : DocumentForm::kDoc;
  (void)ReadWord97(bytes, form, limits);
  return 0;
}
