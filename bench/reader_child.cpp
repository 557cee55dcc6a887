// bench_reader_child: what reading a document in the reader child costs over
// reading it in-process. A tiny document (RAR magic: the dispatch answers at
// once, so the time is the isolation alone) is read N times with
// ExtractDocument and N times with ReadInChild through the real nianbao
// executable (`__read-document`: fork, exec, rlimits, seccomp, the wire).
// Prints both per-document times and their ratio. Usage: bench_reader_child [N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "documents/extract.h"
#include "documents/isolation/reader_process.h"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  using namespace nianbao::documents;
  const int n = argc > 1 ? std::atoi(argv[1]) : 200;
  const std::string doc("Rar!\x1A\x07\x01\x00 a tiny archive", 28);
  ReaderOptions options;
  options.reader_exe = NIANBAO_EXE;
  int failures_in = 0, failures_child = 0;

  auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    Extraction e = ExtractDocument(doc, options.limits);
    failures_in += std::get<ReadFailure>(e).kind == ReadFailureKind::kUnsupported ? 0 : 1;
  }
  auto t1 = Clock::now();
  for (int i = 0; i < n; ++i) {
    Extraction e = ReadInChild(doc, options);
    failures_child += std::holds_alternative<ReadFailure>(e) &&
                              std::get<ReadFailure>(e).kind == ReadFailureKind::kUnsupported
                          ? 0
                          : 1;
  }
  auto t2 = Clock::now();
  const double in_us = std::chrono::duration<double, std::micro>(t1 - t0).count() / n;
  const double child_us = std::chrono::duration<double, std::micro>(t2 - t1).count() / n;
  std::printf("documents: %d, a %zu-byte document\n", n, doc.size());
  std::printf("in-process:  %10.1f us per document\n", in_us);
  std::printf("child:       %10.1f us per document (%s)\n", child_us, NIANBAO_EXE);
  std::printf("ratio:       %10.1f x; child overhead %.2f ms per document\n", child_us / in_us,
              (child_us - in_us) / 1000.0);
  if (failures_in + failures_child > 0) {
    std::printf("unexpected answers: %d in-process, %d child\n", failures_in, failures_child);
    return 1;
  }
  return 0;
}
