#include "documents/isolation/reader_child.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "documents/extract.h"
#include "documents/isolation/sandbox.h"
#include "documents/isolation/wire.h"

namespace nianbao::documents {
namespace {

// Reads all of `fd`, or stops one byte past `max` so the caller can tell
// "exactly at the bound" from "over it".
bool ReadAll(int fd, std::size_t max, std::string* out, std::string* why) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      *why = std::string("reading the document: ") + std::strerror(errno);
      return false;
    }
    out->append(buf, static_cast<std::size_t>(n));
    if (out->size() > max) return true;
  }
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Extraction Guarded(const Extractor& extract, std::string_view bytes, const ExtractLimits& limits) {
  // The readers never throw by design; an exception here is memory running
  // out under RLIMIT_AS or a bug, and either is an answer, not a dead child.
  try {
    return extract(bytes, limits);
  } catch (const std::bad_alloc&) {
    return ReadFailure{ReadFailureKind::kLimit, "reader: out of memory (the address-space limit)"};
  } catch (const std::exception& e) {
    return ReadFailure{ReadFailureKind::kBroken, std::string("reader: internal error: ") + e.what()};
  }
}

}  // namespace

int ServeReadRequest(int in_fd, int out_fd, const ExtractLimits& limits) {
  return ServeReadRequest(in_fd, out_fd, limits, [](std::string_view bytes, const ExtractLimits& l) {
    return ExtractDocument(bytes, l);
  });
}

int ServeReadRequest(int in_fd, int out_fd, const ExtractLimits& limits, const Extractor& extract) {
  std::string why;
  if (!InstallReaderSandbox(&why)) {
    std::fprintf(stderr, "reader: cannot install the sandbox: %s\n", why.c_str());
    return 1;
  }
  std::string answer;
  try {
    std::string bytes;
    if (!ReadAll(in_fd, limits.max_input_bytes, &bytes, &why)) {
      std::fprintf(stderr, "reader: %s\n", why.c_str());
      return 1;
    }
    Extraction e = bytes.size() > limits.max_input_bytes
                       ? Extraction(ReadFailure{ReadFailureKind::kLimit,
                                                "reader: document over " + std::to_string(limits.max_input_bytes) +
                                                    " bytes"})
                       : Guarded(extract, bytes, limits);
    bytes = std::string();  // the memory goes back before the answer is built
    answer = EncodeExtraction(e);
  } catch (const std::bad_alloc&) {
    answer = EncodeExtraction(ReadFailure{ReadFailureKind::kLimit, "reader: out of memory (the address-space limit)"});
  }
  if (!WriteAll(out_fd, answer)) {
    std::fprintf(stderr, "reader: cannot write the answer: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}

}  // namespace nianbao::documents
