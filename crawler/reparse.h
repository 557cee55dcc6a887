// ReparseReports: reads stored revisions again with the current readers, so a
// report read by an older reader (documents::kReaderVersion) or left as
// `attachment` gets the numbers the readers can give now, without a refetch
// (a site answering 304 cannot keep an attachment unread for ever). The crawl
// cycle runs it at the end of every cycle (scope kStale); `nianbao reparse`
// runs it on demand.
//
// Per current report: the article's latest revision is read as the crawl
// reads it (report_reading.h), then the latest revision of each of its
// attachments. A reading whose numbers (or status) differ is saved as a new
// report version at the current reader version, with a warning that says it
// is a re-reading of the same document; the alert engine does not count it as
// `revised` (the document did not change). A reading that changes nothing
// only records the reader version. Documents that cannot be read get their
// cause recorded (Store::Fail, not permanent: the next cycle fetches them
// again).
//
// Synchronous: a document read may take seconds. REQUIRES: a writer Store;
// not thread-safe against other writers of the same Store.
#pragma once

#include "common/status.h"
#include "documents/report_reader.h"
#include "storage/store.h"

namespace nianbao::crawler {

enum class ReparseScope {
  kStale,       // older reader version, or status attachment (the cycle's pass, and the default)
  kAttachment,  // status attachment
  kFailed,      // status failed
  kAll,         // every current report
};

struct ReparseSummary {
  int reparsed = 0;    // reports read again
  int changed = 0;     // parsed now, with numbers (or status) that differ: a new version
  int unchanged = 0;   // parsed, same numbers: only the reader version recorded
  int unreadable = 0;  // still not parsed (attachment or failed)
};

Result<ReparseSummary> ReparseReports(storage::Store& store, ReparseScope scope,
                                      const documents::ReaderOptions& reader);

}  // namespace nianbao::crawler
