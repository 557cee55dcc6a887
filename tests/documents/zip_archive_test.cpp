#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "documents/extract.h"
#include "documents/form.h"
#include "documents/zip/archive_reader.h"
#include "documents/zip/zip_archive.h"
#include "tests/documents/oracle_compare.h"

namespace nianbao::documents {
namespace {

using testing::CheckMetricsMatch;
using testing::ReadFixture;
using testing::ReportJson;

ReadFailure Failure(const Extraction& e) {
  REQUIRE(!Succeeded(e));
  return std::get<ReadFailure>(e);
}

}  // namespace

TEST_CASE("ClassifyZip tells packages by their directory") {
  CHECK(SniffForm(ReadFixture("documents/report-000-hanweb.docx")) == DocumentForm::kDocx);
  CHECK(SniffForm(ReadFixture("documents/report-000-hanweb.xlsx")) == DocumentForm::kXlsx);
  CHECK(SniffForm(ReadFixture("documents/structures.xlsx")) == DocumentForm::kXlsx);
  CHECK(SniffForm(ReadFixture("documents/report-in-zip.zip")) == DocumentForm::kZip);
  CHECK(SniffForm(ReadFixture("documents/truncated.docx")) == DocumentForm::kZip);  // no directory left
  CHECK(ClassifyZip("PK\x03\x04 not really") == DocumentForm::kZip);
}

TEST_CASE("ZipArchive lists members and reads them within the running total") {
  const std::string bytes = ReadFixture("documents/report-in-zip.zip");
  auto opened = ZipArchive::Open(bytes, ExtractLimits{}, "ZIP");
  REQUIRE(std::holds_alternative<ZipArchive>(opened));
  ZipArchive& a = std::get<ZipArchive>(opened);
  REQUIRE(a.members().size() == 2);
  CHECK(a.members()[0].name == "说明.txt");
  CHECK(a.members()[1].name == "报告/2021年度报告.docx");
  auto note = a.Read("说明.txt");
  REQUIRE(std::holds_alternative<std::string>(note));
  CHECK(std::get<std::string>(note) == "年度报告见附件。\n");
  CHECK(a.unpacked() == std::string("年度报告见附件。\n").size());
  auto missing = a.Read("nope.pdf");
  REQUIRE(std::holds_alternative<ReadFailure>(missing));
  CHECK(std::get<ReadFailure>(missing).detail == "ZIP file: no member nope.pdf");

  ExtractLimits small;
  small.max_unpacked_bytes = 30;  // the note (25 bytes) fits; the report then does not
  auto bounded = ZipArchive::Open(bytes, small, "ZIP");
  ZipArchive& b = std::get<ZipArchive>(bounded);
  REQUIRE(std::holds_alternative<std::string>(b.Read("说明.txt")));
  auto over = b.Read("报告/2021年度报告.docx");
  REQUIRE(std::holds_alternative<ReadFailure>(over));
  CHECK(std::get<ReadFailure>(over).kind == ReadFailureKind::kLimit);
  CHECK(std::get<ReadFailure>(over).detail ==
        "ZIP member 报告/2021年度报告.docx: declares 19400 bytes, over the 30-byte unpacked limit");

  ExtractLimits few;
  few.max_archive_members = 1;
  auto crowded = ZipArchive::Open(bytes, few, "ZIP");
  REQUIRE(std::holds_alternative<ReadFailure>(crowded));
  CHECK(std::get<ReadFailure>(crowded).kind == ReadFailureKind::kLimit);
  CHECK(std::get<ReadFailure>(crowded).detail == "ZIP file: 2 members, over the 1-member limit");
}

TEST_CASE("a report inside a ZIP is read with the member named, and gives every metric of the oracle") {
  for (const char* file : {"documents/report-in-zip.zip", "documents/zip-in-zip.zip"}) {
    INFO(std::string(file));
    Extraction e = ExtractDocument(ReadFixture(file), ExtractLimits{});
    REQUIRE_MESSAGE(Succeeded(e), std::get<ReadFailure>(e).detail);
    const auto& parts = std::get<parser::DocumentParts>(e);
    CHECK(parts.kind == parser::DocumentKind::kDocx);
    const auto expected = nlohmann::json::parse(ReadFixture("reports/000/hanweb.expected.json"));
    CheckMetricsMatch(expected, ReportJson(parts));
    REQUIRE(!parts.warnings.empty());
    if (std::string(file) == "documents/report-in-zip.zip") {
      CHECK(parts.warnings[0] == "ZIP member 报告/2021年度报告.docx was read (2 members)");
    } else {
      CHECK(parts.warnings[0] == "ZIP member inner.zip was read (1 members)");
      CHECK(parts.warnings[1] == "ZIP member 2021年度报告.docx was read (1 members)");
    }
  }
}

TEST_CASE("hostile archives fail with their kind and the member named") {
  ReadFailure bomb = Failure(ExtractDocument(ReadFixture("documents/zip-bomb.zip"), ExtractLimits{}));
  CHECK(bomb.kind == ReadFailureKind::kLimit);
  CHECK(bomb.detail == "ZIP member zeros.bin: declares 1073741824 bytes, over the 209715200-byte unpacked limit");

  ExtractLimits roomy;
  roomy.max_unpacked_bytes = std::size_t{2} << 30;
  ReadFailure ratio = Failure(ExtractDocument(ReadFixture("documents/zip-bomb.zip"), roomy));
  CHECK(ratio.kind == ReadFailureKind::kLimit);
  CHECK(ratio.detail == "ZIP member zeros.bin: ratio 1:1029 over the 1:200 bound");

  // Headers claiming 1000 bytes for 10 MiB: reading stops right past the claim.
  ReadFailure liar = Failure(ExtractDocument(ReadFixture("documents/lying-size.zip"), ExtractLimits{}));
  CHECK(liar.kind == ReadFailureKind::kBroken);
  CHECK(liar.detail == "ZIP member zeros.bin: inflates past its declared 1000 bytes");

  ReadFailure locked = Failure(ExtractDocument(ReadFixture("documents/encrypted-member.zip"), ExtractLimits{}));
  CHECK(locked.kind == ReadFailureKind::kEncrypted);
  CHECK(locked.detail == "ZIP member report.docx: encrypted");

  ReadFailure nested = Failure(ExtractDocument(ReadFixture("documents/zip-in-zip-in-zip.zip"), ExtractLimits{}));
  CHECK(nested.kind == ReadFailureKind::kLimit);
  CHECK(nested.detail ==
        "ZIP member middle.zip: ZIP member inner.zip: ZIP file: archives nested 3 deep, over the 2-archive limit");

  ReadFailure broken = Failure(ReadArchive(ReadFixture("documents/truncated.docx"), ExtractLimits{}, 0));
  CHECK(broken.kind == ReadFailureKind::kBroken);
  CHECK(broken.detail == "ZIP file: no readable directory (Not a zip archive)");
}

TEST_CASE("an archive with nothing readable reports the most telling failure and the other members") {
  // The note is text (skipped); the report is over the budget left after it.
  ExtractLimits small;
  small.max_unpacked_bytes = 30;
  ReadFailure f = Failure(ReadArchive(ReadFixture("documents/report-in-zip.zip"), small, 0));
  CHECK(f.kind == ReadFailureKind::kLimit);
  CHECK(f.detail == "ZIP member 报告/2021年度报告.docx: declares 19400 bytes, over the 30-byte unpacked limit");

  ReadFailure none = Failure(ExtractDocument(ReadFixture("documents/nothing-readable.zip"), ExtractLimits{}));
  CHECK(none.kind == ReadFailureKind::kBroken);
  CHECK(none.detail ==
        "ZIP member b.docx: ZIP file: no readable directory (Not a zip archive); also unreadable: a.rar, c.bin");
}

}  // namespace nianbao::documents
