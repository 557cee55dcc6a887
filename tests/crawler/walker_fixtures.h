// Test helper: fixture pages of tests/fixtures/sites/<host>/<path> as
// FetchedPages, looked up through the test server's own DirectorySite mapping
// (a "name@query.ext" file answers that exact query), so the walker is driven
// through whole columns without a network and the fixture names are checked
// against what the directory server will serve.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "crawler/walkers/list_page.h"
#include "crawler/walkers/scan_util.h"
#include "tests/support/fixture_site.h"

namespace nianbao::crawler::testing {

inline std::filesystem::path SitesDir() { return std::filesystem::path(NIANBAO_SOURCE_DIR) / "tests/fixtures/sites"; }

// The page the directory server answers for `url`: its status and body, or
// an empty 404 when no fixture maps to it. `status` overrides a 200 (the
// server cannot serve challenge statuses from files).
inline FetchedPage FixturePage(std::string_view url, int status = 200) {
  FetchedPage page;
  page.url = std::string(url);
  page.status = 404;
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return page;
  std::string_view rest = WithoutQuery(url.substr(scheme + 3));
  std::size_t slash = rest.find('/');
  std::string host(rest.substr(0, slash));
  std::string path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  auto site = nianbao::testing::DirectorySite::Scan((SitesDir() / host).string());
  if (!site.ok()) return page;
  auto response = (*site)->Serve(path, QueryOf(url));
  if (!response) return page;
  page.status = response->status == 200 ? status : response->status;
  page.headers = response->headers;
  page.body = response->body;
  return page;
}

}  // namespace nianbao::crawler::testing
