// Redoing the yields a killed process left unfinished. The revision stored by
// CompleteFetch is exactly what the dead process was reading, so the yield
// can be rebuilt without the network; the writes it makes are idempotent, so
// a yield that was half stored (a report saved, its attachments not) is
// simply completed.
#include <set>

#include "crawler/crawl_cycle.h"

namespace nianbao::crawler {

Status CrawlCycle::RedoUnfinishedYields() {
  constexpr int kBatch = 256;
  std::set<std::int64_t> done;
  for (;;) {
    auto docs = store_.UnfinishedYields(kBatch);
    if (!docs.ok()) return docs.status();
    if (docs->empty()) return Status::Ok();
    for (const storage::DocumentRow& doc : *docs) {
      // Each yield ends the document's `fetched` state; one that did not
      // would come back here for ever.
      if (!done.insert(doc.id).second)
        return Internal(store_.path() + ": document " + std::to_string(doc.id) + " stays fetched after its yield");
      auto rev = store_.LatestRevision(doc.id);
      if (!rev.ok()) return rev.status();
      if (!*rev) {
        // Cannot happen (CompleteFetch stores the revision with the state);
        // fetching it again is the safe answer.
        NIANBAO_RETURN_IF_ERROR(store_.Requeue(doc.id));
        continue;
      }
      net::FetchResult result;
      result.ok = true;
      result.url = doc.url;
      result.http_status = (*rev)->http_status.value_or(200);
      result.content_type = (*rev)->content_type;
      result.charset = (*rev)->charset;
      result.body = std::move((*rev)->body);
      // The stored page was read as no anti-bot answer before it was stored.
      ListPageResult list;
      if (doc.kind == storage::DocKind::kList) list = ReadList(doc, result);
      Status st = Yield(doc, result, (*rev)->id, list);
      if (!st.ok()) return st.WithContext("redoing the yield of " + doc.url);
    }
  }
}

}  // namespace nianbao::crawler
