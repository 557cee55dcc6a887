// libFuzzer target for the OOXML readers (DOCX and XLSX). An input that
// starts with "PK" is a whole package: read by ReadXlsx when its directory
// says spreadsheet (ClassifyZip), else by ReadDocx. Any other input is XML
// parts, split at the first NUL byte into A and B, and packed (stored, with
// correct CRCs: fuzz/stored_zip.h) so that mutations reach the XML readers
// instead of stopping at the archive: when A holds "<w:" it is
// word/document.xml and B word/styles.xml, else A is the one sheet
// xl/worksheets/sheet1.xml and B xl/sharedStrings.xml. Tight limits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "documents/form.h"
#include "documents/ooxml/docx_reader.h"
#include "documents/ooxml/xlsx_reader.h"
#include "fuzz/document_limits.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/stored_zip.h"

namespace {

constexpr std::string_view kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" "
    "ContentType=\"application/xml\"/></Types>";
constexpr std::string_view kWorkbook =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet "
    "name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
constexpr std::string_view kWorkbookRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/></Relationships>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::documents;
  static const ExtractLimits limits = nianbao::fuzz::TightLimits();
  const std::string_view bytes = nianbao::fuzz::Bytes(data, size);
  if (bytes.substr(0, 2) == "PK") {
    if (ClassifyZip(bytes) == DocumentForm::kXlsx) {
      (void)ReadXlsx(bytes, limits);
    } else {
      (void)ReadDocx(bytes, limits);
    }
    return 0;
  }
  const std::size_t nul = bytes.find('\0');
  const std::string_view a = bytes.substr(0, nul);
  const std::string_view b = nul == std::string_view::npos ? std::string_view() : bytes.substr(nul + 1);
  nianbao::fuzz::StoredZip package;
  package.Add("[Content_Types].xml", kContentTypes);
  if (a.find("<w:") != std::string_view::npos) {
    package.Add("word/document.xml", a);
    if (!b.empty()) package.Add("word/styles.xml", b);
    (void)ReadDocx(package.Bytes(), limits);
  } else {
    package.Add("xl/workbook.xml", kWorkbook);
    package.Add("xl/_rels/workbook.xml.rels", kWorkbookRels);
    package.Add("xl/worksheets/sheet1.xml", a);
    if (!b.empty()) package.Add("xl/sharedStrings.xml", b);
    (void)ReadXlsx(package.Bytes(), limits);
  }
  return 0;
}
