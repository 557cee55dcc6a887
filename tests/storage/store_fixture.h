// StoreFixture: a writer Store on a fresh file with a ManualClock, plus a small
// vocabulary (Add, Fetch, State) so tests read as the queue's specification.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "common/clock.h"
#include "storage/store.h"
#include "tests/storage/temp_dir.h"

namespace nianbao::storage::testing {

inline constexpr UnixMillis kStart = 1'700'000'000'000;

inline NewDocument NewDoc(std::string url, DocKind kind, std::int64_t source_id = 0, std::int64_t parent_id = 0,
                          int priority = 0) {
  NewDocument d;
  d.url = std::move(url);
  d.kind = kind;
  d.source_id = source_id;
  d.parent_id = parent_id;
  d.priority = priority;
  return d;
}

class StoreFixture {
 public:
  StoreFixture() : clock_(kStart) {
    REQUIRE(dir_.ok());
    Reopen();
  }

  // Closes the writer (if open) and opens a new one on the same file.
  void Reopen() {
    store_.reset();
    auto opened = Store::Open(Path(), OpenMode::kWriter, clock_);
    REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
    store_ = std::move(opened).value();
  }

  std::string Path() const { return dir_.File("nianbao.db"); }
  Store& store() { return *store_; }

  std::int64_t Add(const std::string& url, DocKind kind = DocKind::kArticle, std::int64_t source_id = 0,
                   int priority = 0) {
    auto id = store_->Enqueue(NewDoc(url, kind, source_id, 0, priority));
    REQUIRE_MESSAGE(id.ok(), id.status().ToString());
    return *id;
  }

  // Claims everything due, completes `doc_id` with `body`, releases the rest.
  // A document already fetched is re-queued first.
  CompleteOutcome Fetch(std::int64_t doc_id, const std::string& body, const std::string& etag = "") {
    if (State(doc_id) != DocState::kPending) REQUIRE(store_->Requeue(doc_id).ok());
    auto claimed = store_->Claim("test", 1000, 60'000);
    REQUIRE_MESSAGE(claimed.ok(), claimed.status().ToString());
    bool found = false;
    for (const DocumentRow& d : *claimed) {
      if (d.id == doc_id) {
        found = true;
      } else {
        REQUIRE(store_->Release(d.id).ok());
      }
    }
    REQUIRE_MESSAGE(found, "document " << doc_id << " was not claimable");
    FetchRecord f;
    f.body = body;
    f.etag = etag;
    f.content_type = "text/html";
    auto outcome = store_->CompleteFetch(doc_id, f);
    REQUIRE_MESSAGE(outcome.ok(), outcome.status().ToString());
    return *outcome;
  }

  DocState State(std::int64_t doc_id) {
    auto d = store_->GetDocument(doc_id);
    REQUIRE(d.ok());
    REQUIRE(d->has_value());
    return (*d)->state;
  }

  DocumentRow Doc(std::int64_t doc_id) {
    auto d = store_->GetDocument(doc_id);
    REQUIRE(d.ok());
    REQUIRE(d->has_value());
    return **d;
  }

 protected:
  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Store> store_;
};

}  // namespace nianbao::storage::testing
