// Tests for app/metrics_file.h: exposition text and atomic replacement.
#include "app/daemon/metrics_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nianbao::app {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the build tree, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    path_ = fs::path(NIANBAO_BINARY_DIR) / ("metrics_test." + std::to_string(::getpid()) + "." + std::to_string(++n_));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int n_ = 0;
  fs::path path_;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("families get one HELP and TYPE, the nianbao_ prefix, and counters _total") {
  MetricsText m;
  m.Gauge("queue_depth", "Documents waiting.", {}, 18233)
      .Counter("fetches", "Fetches by status class.", {{"code_class", "2xx"}}, 41)
      .Counter("fetches", "ignored", {{"code_class", "5xx"}}, 2)
      .Gauge("nianbao_last_cycle_timestamp_seconds", "End of the last cycle.", {}, 1795323627.5);
  CHECK(m.str() ==
        "# HELP nianbao_queue_depth Documents waiting.\n"
        "# TYPE nianbao_queue_depth gauge\n"
        "nianbao_queue_depth 18233\n"
        "# HELP nianbao_fetches_total Fetches by status class.\n"
        "# TYPE nianbao_fetches_total counter\n"
        "nianbao_fetches_total{code_class=\"2xx\"} 41\n"
        "nianbao_fetches_total{code_class=\"5xx\"} 2\n"
        "# HELP nianbao_last_cycle_timestamp_seconds End of the last cycle.\n"
        "# TYPE nianbao_last_cycle_timestamp_seconds gauge\n"
        "nianbao_last_cycle_timestamp_seconds 1795323627.5\n");
  CHECK(MetricsText().str().empty());
}

TEST_CASE("label values are escaped, names and help are made safe") {
  CHECK(EscapeLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(EscapeLabelValue("南岗区") == "南岗区");
  MetricsText m;
  m.Gauge("reports-by year", "line one\nline \\two", {{"agency", "say \"hi\"\n"}, {"bad-name", "x"}}, 1);
  CHECK(m.str() ==
        "# HELP nianbao_reports_by_year line one\\nline \\\\two\n"
        "# TYPE nianbao_reports_by_year gauge\n"
        "nianbao_reports_by_year{agency=\"say \\\"hi\\\"\\n\",bad_name=\"x\"} 1\n");
}

TEST_CASE("sample values: integers plain, NaN and infinities spelled out") {
  CHECK(FormatSampleValue(0) == "0");
  CHECK(FormatSampleValue(-3) == "-3");
  CHECK(FormatSampleValue(0.1) == "0.1");
  CHECK(FormatSampleValue(std::nan("")) == "NaN");
  CHECK(FormatSampleValue(HUGE_VAL) == "+Inf");
  CHECK(FormatSampleValue(-HUGE_VAL) == "-Inf");
}

TEST_CASE("WriteAtomically creates and replaces the file and leaves no temporary") {
  TempDir dir;
  const std::string path = dir.File("nianbao.prom");
  REQUIRE(WriteAtomically(path, "first\n").ok());
  CHECK(Slurp(path) == "first\n");
  REQUIRE(WriteAtomically(path, "second\n").ok());
  CHECK(Slurp(path) == "second\n");
  CHECK_FALSE(fs::exists(path + ".tmp." + std::to_string(::getpid())));
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path())) files += e.is_regular_file() ? 1 : 0;
  CHECK(files == 1);
}

TEST_CASE("a missing directory is an error naming the path") {
  TempDir dir;
  const std::string path = dir.File("no/such/dir/nianbao.prom");
  const Status st = WriteAtomically(path, "x\n");
  CHECK(st.code() == Code::kIoError);
  CHECK(st.message().find(path) != std::string::npos);
  CHECK(st.message().find("No such file or directory") != std::string::npos);
}

TEST_CASE("when the temporary cannot be written the old file is intact") {
  // Tests may run as root, which ignores a read-only mode; a directory in the
  // temporary's place makes open(2) fail for every user.
  TempDir dir;
  const std::string path = dir.File("nianbao.prom");
  REQUIRE(WriteAtomically(path, "old\n").ok());
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  fs::create_directory(tmp);
  const Status st = WriteAtomically(path, "new\n");
  CHECK(st.code() == Code::kIoError);
  CHECK(st.message().find("cannot create " + tmp) != std::string::npos);
  CHECK(Slurp(path) == "old\n");
}

TEST_CASE("a read-only directory is refused (when not running as root)") {
  if (::geteuid() == 0) return;  // root ignores permission bits
  TempDir dir;
  const std::string path = dir.File("ro/nianbao.prom");
  fs::create_directory(fs::path(path).parent_path());
  REQUIRE(WriteAtomically(path, "old\n").ok());
  ::chmod(fs::path(path).parent_path().c_str(), 0555);
  const Status st = WriteAtomically(path, "new\n");
  ::chmod(fs::path(path).parent_path().c_str(), 0755);
  CHECK(st.code() == Code::kIoError);
  CHECK(st.message().find(path) != std::string::npos);
  CHECK(Slurp(path) == "old\n");
}

TEST_CASE("an empty path is invalid") { CHECK(WriteAtomically("", "x").code() == Code::kInvalidArgument); }

}  // namespace
}  // namespace nianbao::app
