// Bounds on what one source may cost in one crawl cycle, so that a column that
// pages for ever (a Hanweb dataproxy answering fresh records with totalrecord
// 99999999, a server that ignores the window and repeats itself) cannot keep
// a cycle, and so the deadline checks and alerts of every other source, from
// ever finishing.
//
// SourceBudget is what one source has used of its bounds during this
// process's run of a cycle (a resumed cycle starts afresh: the bounds limit a
// run, and a killed run's work is not redone). Once a bound is passed the
// source is stopped: reason() names the bound, in words an operator can act
// on ("source 道里区: stopped after 500 pages (crawler.max_pages_per_source)"),
// and the cycle records each of its remaining documents as failed with cause
// `limit` until the next cycle. Plain data; not thread-safe (the cycle's thread).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "common/clock.h"
#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

// [crawler] max_pages_per_source, max_windows_per_column, max_total_records
// and max_source_seconds; every one must be >= 1.
struct SourceBounds {
  std::int64_t max_pages = 5000;             // documents fetched per source and cycle
  std::int64_t max_windows = 200;            // continuation pages (windows) of one column
  std::int64_t max_total_records = 100000;   // a Hanweb totalrecord above this is not believed
  std::int64_t max_seconds = 7200;           // wall clock from the source's first fetch
};

class SourceBudget {
 public:
  explicit SourceBudget(std::string source) : source_(std::move(source)) {}

  // Before a document of the source is fetched at `now`: counts it, and
  // stops the source when it would pass max_pages or max_seconds.
  // Returns false when the source is stopped (then the document is not fetched).
  bool BeforeFetch(UnixMillis now, const SourceBounds& bounds);

  // With what a list page of the source yielded (`continuation`: it is a
  // window or next page, not the column itself): counts its records and
  // windows, and stops the source at a window past max_windows, a
  // totalrecord past max_total_records, or a window that only repeats
  // records seen before. Returns false when the page's continuations must
  // not be followed (the source is stopped).
  bool AfterList(bool continuation, const std::string& url, const ListPageResult& list, const SourceBounds& bounds);

  bool stopped() const { return !reason_.empty(); }
  const std::string& reason() const { return reason_; }  // "" while within bounds

 private:
  void Stop(std::string why);

  std::string source_;
  std::int64_t pages_ = 0;
  std::int64_t windows_ = 0;
  std::int64_t records_ = 0;
  std::optional<UnixMillis> started_;
  std::set<std::string> seen_;  // item URLs of the source's list pages
  std::string reason_;
};

}  // namespace nianbao::crawler
