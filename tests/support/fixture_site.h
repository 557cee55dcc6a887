// Fixture sites for HttpTestServer: a directory tree served as one virtual
// host, and a synthetic Hanweb-like site generated on request (benchmarks).
//
// Directory naming rules (DirectorySite):
//   dir/index.html            serves "/"; dir/a/b/index.html serves "/a/b/" and "/a/b"
//   dir/a/page.html           serves "/a/page.html" (any query, unless a @query file matches)
//   dir/a/name@QUERY.ext      serves "/a/name" with query exactly QUERY (compared with the
//                             raw query as sent); QUERY is percent-decoded once, so write
//                             "path=%2F" for "path=/" (a file name cannot hold '/').
//                             ".ext" (after the last '.') only picks the Content-Type;
//                             e.g. "dataproxy.jsp@startrecord=1&endrecord=45.xml" serves
//                             /…/dataproxy.jsp?startrecord=1&endrecord=45 as text/xml.
//   Content-Type from the extension: *.html → "text/html; charset=utf-8",
//   *.gbk.html → "text/html; charset=gbk", *.nocharset.html → "text/html",
//   .xml, .json, .txt, .pdf, .js, .css, .doc(x), .xls(x), .zip; else
//   application/octet-stream.
// The tree is listed once (Scan); file contents are read on each request, so a
// DirectorySite holds only names. Immutable after Scan: safe to share across
// threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "tests/support/http_test_server.h"

namespace nianbao::testing {

class DirectorySite {
 public:
  static Result<std::shared_ptr<const DirectorySite>> Scan(const std::string& dir);

  // The file's Response for (path, query), or nullopt when no file maps to it.
  std::optional<Response> Serve(std::string_view path, std::string_view query) const;
  std::size_t file_count() const { return files_.size(); }

 private:
  struct Entry {
    std::string file;          // file-system path
    std::string content_type;
  };
  // Key: URL path, plus "?" + query for @query files.
  std::map<std::string, Entry, std::less<>> files_;
};

// Content-Type for a file name by the rules above.
std::string ContentTypeForFileName(std::string_view file_name);

struct SyntheticSiteOptions {
  int articles = 200;        // article pages on this host
  int per_column = 100;      // records per column (a column index lists all of them)
  int report_every = 10;     // every Nth article is an annual report (年度报告)
  std::uint32_t seed = 1;    // varies titles and dates between hosts
  // When set, every report article is served as this HTML page (e.g. a real
  // report fixture with its tables) instead of the generated text-only page.
  std::shared_ptr<const std::string> report_page{};
  // > 0: columns that page for ever, as seen in the wild: every dataproxy
  // window is answered with fresh records (of articles past `articles`,
  // which are served too), and totalrecord claims this many.
  long long endless_total = 0;
};

// Registers `host` on `server` as a generated Hanweb JCMS site:
//   /robots.txt, / (links to every column), /col/col{C}/index.html (a
//   <datastore> with that column's <record>s), /art/{Y}/{M}/{D}/art_{C}_{N}.html
//   (article pages, with a PDF link for reports), /module/web/jpage/dataproxy.jsp
//   ?startrecord=&endrecord=&columnid= (record windows). Pages are generated
//   per request; nothing but the options is kept in memory.
void AddSyntheticSite(HttpTestServer& server, const std::string& host,
                      SyntheticSiteOptions options);

}  // namespace nianbao::testing
