// The parser's front door: bytes of a saved or fetched document in, a canonical
// Report out. HTML and plain text (tab/pipe tables, as converted PDF/DOC files
// give) are both accepted. Knows nothing of HTTP or SQL.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "parser/report.h"

namespace nianbao::parser {

struct ParseInput {
  std::string_view bytes;
  std::string url;           // where it came from, may be empty
  std::string http_charset;  // from Content-Type, may be empty
  std::string content_type;  // e.g. "text/html", "text/plain"; empty → sniff
  LinkResolver resolve_link; // resolves attachment hrefs against `url`; empty → kept as written
};

// A Report for any input that decodes; Report::tables_found tells whether the
// standard tables were found. Fails only for input that cannot be a report at
// all: empty (kInvalidArgument), a PDF/Office/image/binary file (kParse), over
// 50 MiB (kLimit); the message names the cause.
//
// HTML or text: `content_type` decides when it names html or text/plain, else
// the first 4 KiB are sniffed for tags. Agency and year are IdentityOfPage's
// (identity/report_identity.h): the title, else the body's first lines, the
// ContentSource meta, the contact sentence. Checks (checks.h) and the table mapper's
// shape.repaired results are in Report::checks; decoding and mapping problems
// are in Report::warnings.
Result<Report> ParseDocument(const ParseInput& in);

}  // namespace nianbao::parser
