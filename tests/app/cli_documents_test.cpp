// `nianbao parse` of documents through the shipped executable: the document
// is read by the same executable started as its hidden reader child, and a
// ReadFailure reaches the operator verbatim.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/app/process.h"

using nianbao::testing::NianbaoExe;
using nianbao::testing::RunProcess;

namespace {

std::filesystem::path TempDir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("parse of a RAR file prints the reader's failure verbatim and exits 3") {
  auto dir = TempDir("nianbao_cli_documents_rar");
  const std::string rar = (dir / "x.rar").string();
  std::ofstream(rar, std::ios::binary) << std::string("Rar!\x1A\x07\x01\x00 tiny", 13);
  auto r = RunProcess({NianbaoExe(), "parse", rar});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "nianbao: cannot read " + rar + ": unsupported: rar file: RAR archives are not unpacked\n");
  CHECK(r.out.empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("parse of an HTML page still works beside the reader child") {
  const std::string page = NIANBAO_SOURCE_DIR "/tests/fixtures/reports/001/trs.html";
  auto r = RunProcess({NianbaoExe(), "parse", page});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_FALSE(r.out.empty());
}

TEST_CASE("the reader sub-command is hidden from --help and refuses limits it does not know") {
  auto help = RunProcess({NianbaoExe(), "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("__read-document") == std::string::npos);
  auto bad = RunProcess({NianbaoExe(), "__read-document", "--limits", "{}"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "nianbao __read-document: --limits is not the reader's limits\n");
}

TEST_CASE("[documents] bounds are validated like the rest of the configuration") {
  auto dir = TempDir("nianbao_cli_documents_cfg");
  const std::string cfg = (dir / "n.toml").string();
  std::ofstream(cfg) << "[documents]\ncpu_seconds = 60\nwall_seconds = 30\n";
  const std::string page = NIANBAO_SOURCE_DIR "/tests/fixtures/reports/001/trs.html";
  auto r = RunProcess({NianbaoExe(), "--config", cfg, "parse", page});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "nianbao: " + cfg + ":3: documents.wall_seconds: must be cpu_seconds..7200\n");
  std::filesystem::remove_all(dir);
}
