// A reader child for isolation_test: the real ServeReadRequest (sandbox,
// stdin, wire answer) with an extractor chosen by $NIANBAO_MISBEHAVE, so the
// parent's handling of every way a reader can go wrong is tested against a
// real process and real signals. argv is what ReadInChild passes:
// `__read-document --limits JSON`.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "documents/isolation/reader_child.h"
#include "documents/isolation/wire.h"
#include "tests/documents/isolation_parts.h"

namespace {

using nianbao::documents::Extraction;
using nianbao::documents::ExtractLimits;
using nianbao::documents::ReadFailure;
using nianbao::documents::ReadFailureKind;

ReadFailure Errno(const char* what) {
  return ReadFailure{ReadFailureKind::kBroken, std::string(what) + " failed: " + strerrorname_np(errno)};
}

Extraction Misbehave(const std::string& mode, std::string_view bytes) {
  if (mode == "echo") return nianbao::testing::RichParts(std::string(bytes));
  if (mode == "segv") std::raise(SIGSEGV);
  if (mode == "abort") std::abort();
  if (mode == "spin") {
    volatile unsigned long n = 0;
    for (;;) n = n + 1;
  }
  if (mode == "sleep") std::this_thread::sleep_for(std::chrono::hours(1));
  if (mode == "allocate") {
    std::vector<char> big(std::size_t{2} << 30, 'x');  // 2 GiB, touched
    return ReadFailure{ReadFailureKind::kBroken, "allocated " + std::to_string(big.size())};
  }
  if (mode == "socket") {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return Errno("socket");
    return ReadFailure{ReadFailureKind::kBroken, "socket succeeded"};
  }
  if (mode == "write_file") {
    std::string path = "/tmp/nianbao_isolation_" + std::to_string(::getpid());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return Errno("open for writing");
    return ReadFailure{ReadFailureKind::kBroken, "open for writing succeeded: " + path};
  }
  if (mode == "read_file") {
    int fd = ::open("/proc/self/maps", O_RDONLY);
    if (fd < 0) return Errno("open for reading");
    return ReadFailure{ReadFailureKind::kNoText, "open for reading succeeded"};
  }
  return ReadFailure{ReadFailureKind::kBroken, "unknown mode " + mode};
}

}  // namespace

int main(int argc, char** argv) {
  ExtractLimits limits;
  if (argc != 4 || std::string(argv[1]) != "__read-document" || std::string(argv[2]) != "--limits" ||
      !nianbao::documents::DecodeLimits(argv[3], &limits)) {
    std::fprintf(stderr, "misbehaving_reader: bad arguments\n");
    return 2;
  }
  const char* env = std::getenv("NIANBAO_MISBEHAVE");
  const std::string mode = env ? env : "echo";
  if (mode == "garbage") {
    std::fputs("{\"parts\": 42", stdout);
    return 0;
  }
  if (mode == "endless") {
    std::string junk(1 << 16, 'x');
    for (;;)
      if (::write(1, junk.data(), junk.size()) < 0) return 1;
  }
  if (mode == "exit7") {
    std::fputs("first line\nthe reader gave up here\n", stderr);
    return 7;
  }
  return nianbao::documents::ServeReadRequest(0, 1, limits, [&](std::string_view bytes, const ExtractLimits&) {
    return Misbehave(mode, bytes);
  });
}
