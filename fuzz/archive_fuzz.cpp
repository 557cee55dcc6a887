// libFuzzer target for form sniffing and archives: the input is any file; its
// form is told by SniffForm (and the ZIP and OLE2 directory halves), then it
// is read as a plain ZIP archive by ReadArchive, whose members go through
// ExtractDocument (every reader, one archive level deeper) within tight
// limits; and, at most 8 members, inflated one by one through ZipArchive.
#include <cstddef>
#include <cstdint>
#include <variant>

#include "documents/form.h"
#include "documents/zip/archive_reader.h"
#include "documents/zip/zip_archive.h"
#include "fuzz/document_limits.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::documents;
  static const ExtractLimits limits = nianbao::fuzz::TightLimits();
  const std::string_view bytes = nianbao::fuzz::Bytes(data, size);
  const DocumentForm form = SniffForm(bytes);
  (void)FormName(form);
  (void)KindOfForm(form);
  (void)ClassifyOle(bytes);
  (void)ReadArchive(bytes, limits, size % 2);
  auto opened = ZipArchive::Open(bytes, limits, "ZIP");
  if (auto* archive = std::get_if<ZipArchive>(&opened)) {
    int read = 0;
    for (const ZipMember& m : archive->members()) {
      if (m.directory()) continue;
      if (++read > 8) break;
      (void)archive->Read(m);
    }
  }
  return 0;
}
