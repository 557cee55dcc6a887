// The OLE2 reader and ReadWord97 on damaged copies of a real DOC
// (tests/fixtures/documents/word97_000_hanweb.doc): each patch breaks one
// structure, located here from the file's own header and directory, and the
// failure must name it verbatim. The encrypted case is a copy with the FIB's
// fEncrypted bit set (LibreOffice cannot write a password-protected DOC here).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>

#include "documents/form.h"
#include "documents/word97/compound_file.h"
#include "documents/word97/word_reader.h"
#include "tests/documents/oracle_compare.h"

namespace nianbao::documents {
namespace {

using word97::CompoundFile;

std::string Fixture() {
  return testing::ReadFileBytes(std::filesystem::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures" / "documents" /
                                "word97_000_hanweb.doc");
}

std::uint32_t Get32(const std::string& b, std::size_t at) {
  return std::uint32_t(std::uint8_t(b[at])) | std::uint32_t(std::uint8_t(b[at + 1])) << 8 |
         std::uint32_t(std::uint8_t(b[at + 2])) << 16 | std::uint32_t(std::uint8_t(b[at + 3])) << 24;
}
void Put32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// The directory entry of WordDocument: its UTF-16LE name starts the entry.
std::size_t WordDocumentEntry(const std::string& b) {
  std::string name;
  for (char c : std::string("WordDocument")) name += {c, '\0'};
  std::size_t at = b.find(name);
  REQUIRE(at != std::string::npos);
  REQUIRE(at % 128 == 0);
  return at;
}

ReadFailure MustFail(const std::string& bytes, const ExtractLimits& limits = {}) {
  Extraction e = ReadWord97(bytes, DocumentForm::kDoc, limits);
  REQUIRE_FALSE(Succeeded(e));
  return std::get<ReadFailure>(e);
}

TEST_CASE("the fixture's directory, streams and form") {
  std::string b = Fixture();
  auto cf = CompoundFile::Open(b);
  REQUIRE(std::holds_alternative<CompoundFile>(cf));
  const CompoundFile& f = std::get<CompoundFile>(cf);
  std::vector<std::string> names = f.RootNames();
  CHECK(std::count(names.begin(), names.end(), "WordDocument") == 1);
  CHECK(f.HasStream("worddocument"));  // MS-CFB names compare case-insensitively
  auto doc = f.ReadStream("WordDocument");
  REQUIRE(std::holds_alternative<std::string>(doc));
  const std::string& d = std::get<std::string>(doc);
  CHECK(d.size() == Get32(b, WordDocumentEntry(b) + 120));
  CHECK(d.substr(0, 2) == "\xEC\xA5");  // wIdent
  // A small stream lives in the mini stream: SummaryInformation (under 4096 bytes).
  auto summary = f.ReadStream("\x05SummaryInformation");
  REQUIRE(std::holds_alternative<std::string>(summary));
  CHECK(std::get<std::string>(summary).substr(0, 2) == "\xFE\xFF");  // property set byte order
  auto none = f.ReadStream("Nope");
  REQUIRE(std::holds_alternative<ReadFailure>(none));
  CHECK(std::get<ReadFailure>(none).detail == "OLE2: no stream Nope");
  CHECK(ClassifyOle(b) == DocumentForm::kDoc);
}

TEST_CASE("not a compound file, or a bad sector size") {
  ReadFailure f = MustFail("not an OLE2 file at all");
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail == "OLE2: no compound file header");
  std::string b = Fixture();
  b[0x1E] = 10;
  f = MustFail(b);
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail == "OLE2: sector shift 10 (not 9 or 12)");
  CHECK(ClassifyOle(b) == DocumentForm::kOle);
}

TEST_CASE("a FAT chain that loops is named with its stream and sector") {
  std::string b = Fixture();
  std::uint32_t start = Get32(b, WordDocumentEntry(b) + 116);
  std::uint32_t fat0 = Get32(b, 0x4C);
  REQUIRE(start < 128);  // its FAT entry is in the first FAT sector
  Put32(b, (std::size_t(fat0) + 1) * 512 + 4 * start, start);
  ReadFailure f = MustFail(b);
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail == "OLE2: FAT chain of stream WordDocument loops at sector " + std::to_string(start));
}

TEST_CASE("huge counts and sizes are refused before anything is allocated for them") {
  std::string b = Fixture();
  const std::size_t sectors = (b.size() - 512) / 512;
  std::string fat = b;
  Put32(fat, 0x2C, 0xFFFFFFFF);
  ReadFailure f = MustFail(fat);
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail == "OLE2: header claims 4294967295 FAT sectors in a file of " + std::to_string(sectors));

  std::string size = b;
  Put32(size, WordDocumentEntry(b) + 120, 0x7FFFFFFF);
  f = MustFail(size);
  CHECK(f.detail == "OLE2: stream WordDocument claims 2147483647 bytes, more than the file");

  std::string fat_sector = b;
  Put32(fat_sector, 0x4C, 0x00FFFFFF);
  f = MustFail(fat_sector);
  CHECK(f.detail == "OLE2: FAT sector 16777215 outside the file");

  std::string difat = b;
  Put32(difat, 0x2C, 120);  // more than the header's 109: the DIFAT chain is read
  Put32(difat, 0x44, 0x00FFFFF0);
  f = MustFail(difat);
  CHECK(f.detail == "OLE2: DIFAT chain points at sector 16777200 outside the file");
}

TEST_CASE("a truncated file, and a stream longer than its chain") {
  std::string b = Fixture();
  std::uint32_t start = Get32(b, WordDocumentEntry(b) + 116);
  REQUIRE(Get32(b, 0x2C) == 2);          // two FAT sectors:
  REQUIRE(Get32(b, 0x4C) == 0);          // the first at the file's start,
  std::uint32_t fat1 = Get32(b, 0x50);   // the second after the streams
  REQUIRE(fat1 > start + 1);
  // Cut right after the WordDocument stream's first sector: the FAT is gone.
  ReadFailure f = MustFail(b.substr(0, (std::size_t(start) + 2) * 512));
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail == "OLE2: FAT sector " + std::to_string(fat1) + " outside the file");
  CHECK(MustFail(b.substr(0, 300)).detail == "OLE2: no compound file header");

  // One byte more than the sectors of its chain hold.
  std::uint32_t size = Get32(b, WordDocumentEntry(b) + 120);
  std::uint32_t held = (size + 511) / 512 * 512;
  Put32(b, WordDocumentEntry(b) + 120, held + 1);
  f = MustFail(b);
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail == "OLE2: stream WordDocument is truncated (" + std::to_string(held) + " of " +
                        std::to_string(held + 1) + " bytes)");
}

TEST_CASE("an encrypted DOC (fEncrypted set in a copy's FIB) is kEncrypted") {
  std::string b = Fixture();
  std::uint32_t start = Get32(b, WordDocumentEntry(b) + 116);
  std::size_t fib = (std::size_t(start) + 1) * 512;
  REQUIRE(b.substr(fib, 2) == "\xEC\xA5");
  b[fib + 0x0B] = static_cast<char>(b[fib + 0x0B] | 0x01);  // flags bit 0x0100
  ReadFailure f = MustFail(b);
  CHECK(f.kind == ReadFailureKind::kEncrypted);
  CHECK(f.detail == "DOC: encrypted");
}

TEST_CASE("the limits hold: input size and table cells") {
  std::string b = Fixture();
  ExtractLimits small;
  small.max_input_bytes = 1000;
  ReadFailure f = MustFail(b, small);
  CHECK(f.kind == ReadFailureKind::kLimit);
  CHECK(f.detail == "DOC: " + std::to_string(b.size()) + " bytes over the 1000 bound");
  ExtractLimits cells;
  cells.max_table_cells = 100;
  f = MustFail(b, cells);
  CHECK(f.kind == ReadFailureKind::kLimit);
  CHECK(f.detail == "DOC: tables over 100 cells");
}

TEST_CASE("damaged copies never crash: each is read or refused as a value") {
  // Deterministic damage (a fixed LCG): bytes overwritten in the header, the
  // FIB, the tables, the directory. Under ASan this shows no read goes out
  // of bounds; the outcome kinds are those of read_failure.h.
  const std::string b = Fixture();
  std::uint32_t state = 12345;
  auto next = [&state]() { return state = state * 1664525u + 1013904223u; };
  int read = 0, refused = 0;
  for (int round = 0; round < 300; ++round) {
    std::string copy = b;
    for (int k = 0; k < 8; ++k) {
      std::size_t at = round % 3 == 0 ? next() % 512 : next() % copy.size();
      copy[at] = static_cast<char>(next() & 0xFF);
    }
    Extraction e = ReadWord97(copy, DocumentForm::kDoc, ExtractLimits{});
    if (Succeeded(e)) {
      ++read;
    } else {
      ++refused;
      ReadFailureKind kind = std::get<ReadFailure>(e).kind;
      CHECK((kind == ReadFailureKind::kBroken || kind == ReadFailureKind::kEncrypted ||
             kind == ReadFailureKind::kUnsupported || kind == ReadFailureKind::kLimit));
      CHECK_FALSE(std::get<ReadFailure>(e).detail.empty());
    }
  }
  MESSAGE("read " << read << ", refused " << refused);
  CHECK(read + refused == 300);
}

}  // namespace
}  // namespace nianbao::documents
