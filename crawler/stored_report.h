// ToStoredReport: the parser's canonical Report in the plain form storage/
// keeps (storage knows nothing of the parser's types). The agency and year
// are the crawler's decision (roster match, list hint), passed in.
#pragma once

#include <cstdint>
#include <string>

#include "parser/report.h"
#include "storage/types.h"

namespace nianbao::crawler {

// status: kParsed when the standard tables were found, kAttachment when the
// page only links the report as a file, kFailed otherwise.
storage::StoredReport ToStoredReport(parser::Report report, const std::string& agency, int year,
                                     std::int64_t document_id, std::int64_t revision_id, const std::string& url);

}  // namespace nianbao::crawler
