// bench_queue: throughput of the SQLite queue (storage::Store) on a queue of N
// documents (default 1,000,000) and the database size per document. Prints
// figures; asserts nothing.
//
//   bench_queue [--docs N] [--sample M] [--db PATH]
//
// Enqueue runs in batches of 1,000 (EnqueueMany) and Claim in batches of 100,
// as the crawler does. CompleteFetch and Fail are one transaction each (WAL,
// synchronous=NORMAL, as the Store runs); they run on a sample of M documents
// of the big queue (default 5,000 each) rather than all N.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "common/clock.h"
#include "storage/store.h"

namespace {

using nianbao::storage::DocKind;
using nianbao::storage::DocumentRow;
using nianbao::storage::Store;

struct Options {
  long docs = 1'000'000;
  long sample = 5'000;
  std::string db;  // empty: a temporary file
};

class Timer {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

long FileBytes(const std::string& path) {
  long total = 0;
  for (const char* suffix : {"", "-wal"}) {
    struct stat st;
    if (::stat((path + suffix).c_str(), &st) == 0) total += static_cast<long>(st.st_size);
  }
  return total;
}

void Report(const char* what, long ops, double seconds) {
  std::printf("%-34s %10ld ops in %8.2f s = %10.0f ops/s\n", what, ops, seconds, ops / seconds);
}

[[noreturn]] void Fail(const char* what, const nianbao::Status& st) {
  std::fprintf(stderr, "bench_queue: %s: %s\n", what, st.ToString().c_str());
  std::exit(1);
}

// An article-sized page (~6 KB) that differs per document, so every completion
// stores a new revision.
std::string Page(long i) {
  std::string body = "<html><head><title>2023年政府信息公开工作年度报告 " + std::to_string(i) + "</title></head><body>";
  for (int row = 0; body.size() < 6000; ++row) {
    body += "<tr><td>第" + std::to_string(row) + "行</td><td>" + std::to_string((i * 31 + row * 7) % 1000) + "</td></tr>";
  }
  return body + "</body></html>";
}

void Enqueue(Store& store, const Options& opt) {
  Timer t;
  std::vector<nianbao::storage::NewDocument> batch;
  for (long i = 0; i < opt.docs; ++i) {
    nianbao::storage::NewDocument doc;
    doc.url = "http://bench.test/art/2024/1/" + std::to_string(i) + ".html";
    doc.kind = DocKind::kArticle;
    batch.push_back(std::move(doc));
    if (batch.size() == 1000 || i + 1 == opt.docs) {
      auto ids = store.EnqueueMany(batch);
      if (!ids.ok()) Fail("EnqueueMany", ids.status());
      batch.clear();
    }
  }
  Report("enqueue (batches of 1000)", opt.docs, t.Seconds());
}

std::vector<std::int64_t> ClaimAll(Store& store, const Options& opt) {
  Timer t;
  std::vector<std::int64_t> ids;
  ids.reserve(opt.docs);
  long claims = 0;
  for (;;) {
    auto got = store.Claim("bench", 100, 3'600'000);
    if (!got.ok()) Fail("Claim", got.status());
    if (got->empty()) break;
    ++claims;
    for (const DocumentRow& d : *got) ids.push_back(d.id);
  }
  double s = t.Seconds();
  Report("claim (documents, batches of 100)", static_cast<long>(ids.size()), s);
  Report("claim (transactions)", claims, s);
  return ids;
}

void CompleteSample(Store& store, const std::vector<std::int64_t>& ids, long sample) {
  Timer t;
  long n = 0;
  for (long i = 0; i < sample && i < static_cast<long>(ids.size()); ++i, ++n) {
    nianbao::storage::FetchRecord f;
    f.body = Page(i);
    f.content_type = "text/html; charset=utf-8";
    auto out = store.CompleteFetch(ids[i], f);
    if (!out.ok()) Fail("CompleteFetch", out.status());
  }
  Report("complete (new revision, ~6 KB body)", n, t.Seconds());
}

void FailSample(Store& store, const std::vector<std::int64_t>& ids, long sample) {
  Timer t;
  long n = 0;
  for (long i = sample; i < 2 * sample && i < static_cast<long>(ids.size()); ++i, ++n) {
    nianbao::storage::FailureRecord f{nianbao::storage::ErrorKind::kTimeout, std::nullopt, "timed out", std::nullopt,
                                      false};
    nianbao::Status st = store.Fail(ids[i], f);
    if (!st.ok()) Fail("Fail", st);
  }
  Report("fail", n, t.Seconds());
}

Options ParseArgs(int argc, char** argv) {
  Options opt;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--docs") == 0) opt.docs = std::atol(argv[i + 1]);
    else if (std::strcmp(argv[i], "--sample") == 0) opt.sample = std::atol(argv[i + 1]);
    else if (std::strcmp(argv[i], "--db") == 0) opt.db = argv[i + 1];
  }
  if (opt.docs < 1) opt.docs = 1;
  if (opt.sample < 0) opt.sample = 0;
  if (opt.sample * 2 > opt.docs) opt.sample = opt.docs / 2;
  return opt;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as each phase ends
  Options opt = ParseArgs(argc, argv);
  std::string dir;
  if (opt.db.empty()) {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/nianbao-bench-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern;
    opt.db = dir + "/bench.db";
  }
  std::printf("bench_queue: %ld documents, sample %ld, database %s, WAL synchronous=NORMAL\n", opt.docs, opt.sample,
              opt.db.c_str());
  {
    auto opened = Store::Open(opt.db, nianbao::storage::OpenMode::kWriter, nianbao::SystemClock::Instance());
    if (!opened.ok()) Fail("Open", opened.status());
    Store& store = **opened;
    Enqueue(store, opt);
    if (!store.Checkpoint().ok()) return 1;
    long queued = FileBytes(opt.db);
    std::printf("%-34s %10.1f bytes/document (%ld bytes)\n", "database size, queued", double(queued) / opt.docs,
                queued);
    std::vector<std::int64_t> ids = ClaimAll(store, opt);
    if (!store.Checkpoint().ok()) return 1;
    long claimed = FileBytes(opt.db);
    CompleteSample(store, ids, opt.sample);
    if (!store.Checkpoint().ok()) return 1;
    long completed = FileBytes(opt.db);
    if (opt.sample > 0) {
      std::printf("%-34s %10.1f bytes/revision (%zu-byte page, zlib)\n", "database growth per fetched page",
                  double(completed - claimed) / opt.sample, Page(0).size());
    }
    FailSample(store, ids, opt.sample);
    if (!store.Checkpoint().ok()) return 1;
    long after = FileBytes(opt.db);
    std::printf("%-34s %10.1f bytes/document (%ld bytes)\n", "database size, final", double(after) / opt.docs, after);
  }
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
