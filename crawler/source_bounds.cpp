#include "crawler/source_bounds.h"

#include <algorithm>

namespace nianbao::crawler {

void SourceBudget::Stop(std::string why) {
  if (reason_.empty()) reason_ = "source " + source_ + ": " + std::move(why);
}

bool SourceBudget::BeforeFetch(UnixMillis now, const SourceBounds& bounds) {
  if (stopped()) return false;
  if (!started_) started_ = now;
  if (now - *started_ >= bounds.max_seconds * 1000) {
    Stop("stopped after " + std::to_string((now - *started_) / 1000) + " s (crawler.max_source_seconds)");
    return false;
  }
  if (pages_ >= bounds.max_pages) {
    Stop("stopped after " + std::to_string(pages_) + " pages (crawler.max_pages_per_source)");
    return false;
  }
  ++pages_;
  return true;
}

bool SourceBudget::AfterList(bool continuation, const std::string& url, const ListPageResult& list,
                             const SourceBounds& bounds) {
  if (stopped()) return false;
  // A window whose every record was already listed: the server ignores the
  // window and would repeat itself until totalrecord (or for ever).
  bool repeats = continuation && !list.items.empty() &&
                 std::all_of(list.items.begin(), list.items.end(),
                             [&](const ListItem& item) { return seen_.count(item.url) > 0; });
  for (const ListItem& item : list.items) seen_.insert(item.url);
  records_ += static_cast<std::int64_t>(list.items.size());
  if (continuation) ++windows_;
  if (repeats) {
    Stop("stopped at a window that repeats earlier records (" + url + ")");
  } else if (list.total_records && *list.total_records > bounds.max_total_records) {
    // Real disclosure columns hold hundreds of records, not millions: a
    // larger total is a server that pages for ever, not a column to read.
    Stop("totalrecord " + std::to_string(*list.total_records) + " against " + std::to_string(records_) +
         " records seen (crawler.max_total_records)");
  } else if (continuation && windows_ >= bounds.max_windows && !list.next_pages.empty()) {
    Stop("stopped after " + std::to_string(windows_) + " windows of its column (crawler.max_windows_per_column)");
  }
  return !stopped();
}

}  // namespace nianbao::crawler
