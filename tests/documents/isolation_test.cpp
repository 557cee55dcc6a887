// The reader child as a real process: documents/isolation/ against
// misbehaving_reader (the real ServeReadRequest and sandbox with an injected
// extractor), so each outcome comes from a real exit, signal or rlimit.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "documents/isolation/reader_process.h"
#include "documents/isolation/wire.h"
#include "tests/documents/isolation_parts.h"

#if defined(__SANITIZE_ADDRESS__)
#define NIANBAO_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NIANBAO_TEST_ASAN 1
#endif
#endif

namespace nianbao::documents {
namespace {

void CheckSameParts(const parser::DocumentParts& a, const parser::DocumentParts& b) {
  CHECK(a.kind == b.kind);
  CHECK(a.title == b.title);
  CHECK(a.published == b.published);
  CHECK(a.content_source == b.content_source);
  REQUIRE(a.blocks.size() == b.blocks.size());
  for (std::size_t i = 0; i < a.blocks.size(); ++i) {
    CHECK(a.blocks[i].text == b.blocks[i].text);
    CHECK(a.blocks[i].emphasized == b.blocks[i].emphasized);
  }
  REQUIRE(a.tables.size() == b.tables.size());
  for (std::size_t t = 0; t < a.tables.size(); ++t) {
    const parser::Grid &x = a.tables[t], &y = b.tables[t];
    CHECK(x.caption == y.caption);
    CHECK(x.ragged == y.ragged);
    CHECK(x.source_widths == y.source_widths);
    CHECK(x.page == y.page);
    REQUIRE(x.rows.size() == y.rows.size());
    for (std::size_t r = 0; r < x.rows.size(); ++r) {
      REQUIRE(x.rows[r].size() == y.rows[r].size());
      for (std::size_t c = 0; c < x.rows[r].size(); ++c) {
        CHECK(x.rows[r][c].text == y.rows[r][c].text);
        CHECK(x.rows[r][c].spanned == y.rows[r][c].spanned);
      }
    }
  }
  REQUIRE(a.attachments.size() == b.attachments.size());
  for (std::size_t i = 0; i < a.attachments.size(); ++i) {
    CHECK(a.attachments[i].url == b.attachments[i].url);
    CHECK(a.attachments[i].text == b.attachments[i].text);
    CHECK(a.attachments[i].kind == b.attachments[i].kind);
  }
  CHECK(a.warnings == b.warnings);
  CHECK(a.pages == b.pages);
}

ReaderOptions Options() {
  ReaderOptions o;
  o.reader_exe = NIANBAO_MISBEHAVING_READER;
  o.cpu_seconds = 1;
  o.wall_seconds = 2;
  return o;
}

Extraction Run(const char* mode, std::string_view bytes = "document bytes", ReaderOptions o = Options()) {
  ::setenv("NIANBAO_MISBEHAVE", mode, 1);
  return ReadInChild(bytes, o);
}

ReadFailure FailureOf(const Extraction& e) {
  REQUIRE(std::holds_alternative<ReadFailure>(e));
  return std::get<ReadFailure>(e);
}

TEST_CASE("a child that answers normally: its parts come back whole") {
  // 1 MiB in: stdin and stdout are both larger than a pipe buffer, so a
  // parent that wrote all before reading would deadlock.
  std::string big(1 << 20, 'a');
  big += "尾";
  Extraction e = Run("echo", big);
  REQUIRE(std::holds_alternative<parser::DocumentParts>(e));
  CheckSameParts(std::get<parser::DocumentParts>(e), testing::RichParts(big));
}

TEST_CASE("a child killed by a signal is kCrashed with the signal named") {
#ifdef NIANBAO_TEST_ASAN
  // ASan would catch the SIGSEGV itself and exit 1; the test is about the signal.
  const char* asan = std::getenv("ASAN_OPTIONS");
  ::setenv("ASAN_OPTIONS", (std::string(asan ? asan : "") + ":handle_segv=0").c_str(), 1);
#endif
  ReadFailure segv = FailureOf(Run("segv"));
  CHECK(segv.kind == ReadFailureKind::kCrashed);
  CHECK(segv.detail == "reader: killed by signal 11 (SIGSEGV)");
  ReadFailure abrt = FailureOf(Run("abort"));
  CHECK(abrt.kind == ReadFailureKind::kCrashed);
  CHECK(abrt.detail == "reader: killed by signal 6 (SIGABRT)");
}

TEST_CASE("a spinning child is stopped by the CPU limit") {
  ReaderOptions o = Options();
  o.wall_seconds = 10;  // the CPU limit, not the wall clock, must stop it
  ReadFailure f = FailureOf(Run("spin", "x", o));
  CHECK(f.kind == ReadFailureKind::kLimit);
  CHECK(f.detail == "reader: CPU time over 1 s");
}

TEST_CASE("a sleeping child is killed at the wall clock") {
  const auto start = std::chrono::steady_clock::now();
  ReadFailure f = FailureOf(Run("sleep"));
  CHECK(f.kind == ReadFailureKind::kLimit);
  CHECK(f.detail == "reader: no answer within 2 s");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("a child allocating 2 GiB hits the address-space limit") {
#ifdef NIANBAO_TEST_ASAN
  MESSAGE("skipped: RLIMIT_AS is not set in sanitizer builds (shadow memory needs terabytes of address space)");
#else
  ReadFailure f = FailureOf(Run("allocate"));
  CHECK(f.kind == ReadFailureKind::kLimit);
  CHECK(f.detail == "reader: out of memory (the address-space limit)");
#endif
}

TEST_CASE("the sandbox: no socket, no file opened for writing, but reading works") {
  ReadFailure sock = FailureOf(Run("socket"));
  CHECK(sock.detail == "socket failed: EACCES");
  ReadFailure write = FailureOf(Run("write_file"));
  CHECK(write.detail == "open for writing failed: EACCES");
  ReadFailure read = FailureOf(Run("read_file"));
  CHECK(read.kind == ReadFailureKind::kNoText);
  CHECK(read.detail == "open for reading succeeded");
}

TEST_CASE("garbage, endless output and a failing exit are kBroken") {
  ReadFailure garbage = FailureOf(Run("garbage"));
  CHECK(garbage.kind == ReadFailureKind::kBroken);
  CHECK(garbage.detail == "reader: malformed answer: not JSON");
  ReaderOptions o = Options();
  o.wall_seconds = 30;
  ReadFailure endless = FailureOf(Run("endless", "x", o));
  CHECK(endless.kind == ReadFailureKind::kBroken);
  CHECK(endless.detail == "reader: answer over 64 MiB");
  ReadFailure exit7 = FailureOf(Run("exit7"));
  CHECK(exit7.kind == ReadFailureKind::kBroken);
  CHECK(exit7.detail == "reader: exited with status 7: the reader gave up here");
}

TEST_CASE("a reader that does not exist is kBroken, and the bytes are not lost in a crash") {
  ReaderOptions o = Options();
  o.reader_exe = "/nonexistent/reader";
  ReadFailure f = FailureOf(ReadInChild("x", o));
  CHECK(f.kind == ReadFailureKind::kBroken);
  CHECK(f.detail == "reader: cannot execute /nonexistent/reader");
}

}  // namespace
}  // namespace nianbao::documents
