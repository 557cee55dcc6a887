// The HTML dashboard rendered by a real headless Chromium: the DOM after
// parsing and scripts has the grid cells with the right classes and the
// per-year counts, and a screenshot is kept as an artifact under the build
// directory (tests/app/artifacts/dashboard.png) for a human to look at.
// Chromium is installed (Debian's `chromium`) only when it is missing and the
// test runs as root; otherwise the test says so and passes.
#include <doctest/doctest.h>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/app/cli_fixture.h"

using nianbao::testing::CliDatabase;
using nianbao::testing::RunProcess;

namespace {

std::string FindChromium() {
  for (const char* name : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (::access(name, X_OK) == 0) return name;
  return "";
}

std::string EnsureChromium() {
  std::string exe = FindChromium();
  if (!exe.empty() || ::geteuid() != 0) return exe;
  MESSAGE("installing Debian's chromium for the browser test");
  auto r = RunProcess({"/usr/bin/apt-get", "install", "-y", "--no-install-recommends", "chromium"}, 800000,
                      {"DEBIAN_FRONTEND=noninteractive"});
  if (r.exit_code != 0) MESSAGE("apt-get install chromium failed: " << r.err);
  return FindChromium();
}

std::vector<std::string> ChromiumArgs(const std::string& exe, const std::string& profile) {
  return {exe,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile};
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the dashboard renders in headless Chromium with the grid, legend and counts") {
  std::string chromium = EnsureChromium();
  if (chromium.empty()) {
    MESSAGE("chromium is not installed (and we are not root to install it): browser test skipped");
    return;
  }
  CliDatabase db;
  db.Populate();
  std::filesystem::path artifacts = std::filesystem::path(NIANBAO_BINARY_DIR) / "tests/app/artifacts";
  std::filesystem::create_directories(artifacts);
  std::string page = (artifacts / "dashboard.html").string();
  auto exported = db.Run({"export", "--format", "html", "-o", page});
  REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);

  std::string profile = db.File("chromium-profile");
  std::filesystem::create_directories(profile);
  auto args = ChromiumArgs(chromium, profile);
  args.push_back("--dump-dom");
  args.push_back("file://" + page);
  auto dom = RunProcess(args, 120000);
  REQUIRE_MESSAGE(dom.exit_code == 0, dom.err);
  const std::string& d = dom.out;
  CHECK(d.find("<table class=\"grid\">") != std::string::npos);
  // Five agencies (three on the roster, two seen publishing) × every year
  // from 2020 (the roster's first) to the last one ended.
  std::size_t years = Count(d, "<th class=\"year\">");
  CHECK(years >= 6);  // 2020 … 2025 at least
  CHECK(Count(d, "<td class=\"cell ") == 5 * years);
  CHECK(d.find("<th class=\"year\">2020</th>") != std::string::npos);
  CHECK(Count(d, "class=\"cell on-time\" data-year=\"2021\"") == 1);
  CHECK(Count(d, "class=\"cell late\" data-year=\"2021\"") == 1);
  CHECK(Count(d, "class=\"cell overdue\" data-year=\"2021\"") == 1);
  CHECK(Count(d, "class=\"cell unreadable\" data-year=\"2022\"") == 1);
  CHECK(Count(d, "class=\"cell checks-failed\" data-year=\"2022\"") == 1);
  CHECK(d.find("data-year=\"2021\" data-state=\"overdue\">1<") != std::string::npos);
  CHECK(d.find("data-year=\"2021\" data-state=\"on-time\">1<") != std::string::npos);
  CHECK(Count(d, "<span class=\"swatch ") == 7 + 6);  // the legend and the count rows
  CHECK(d.find("新收申请") != std::string::npos);  // key figures in the title attributes

  std::string png = (artifacts / "dashboard.png").string();
  std::filesystem::remove(png);
  auto shot = ChromiumArgs(chromium, profile);
  shot.push_back("--screenshot=" + png);
  shot.push_back("--window-size=1280,900");
  shot.push_back("file://" + page);
  auto taken = RunProcess(shot, 120000);
  CHECK_MESSAGE(taken.exit_code == 0, taken.err);
  std::ifstream in(png, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  CHECK(std::string(magic + 1, 3) == "PNG");
  MESSAGE("screenshot kept at " << png);
}
