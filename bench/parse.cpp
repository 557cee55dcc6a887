// bench_parse: parser throughput on a realistic page mix — the article
// fixtures tests/fixtures/reports/**/*.html and tests/fixtures/html/*.html.
// Prints MB of HTML and pages per second for ParseDocument and for a bare
// gumbo_parse of the same (decoded) pages, timed in alternating rounds on the
// CPU clock, their ratio (issue 14 asks for at least 0.75x), ExtractArticle
// alone, and the peak resident memory. Usage: bench_parse [min_seconds] [dir...]
#include <gumbo.h>
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parser/html/article.h"
#include "parser/decode.h"
#include "parser/parse.h"

namespace {

using Clock = std::chrono::steady_clock;
using nianbao::parser::DecodeToUtf8;
using nianbao::parser::ExtractArticle;
using nianbao::parser::ParseDocument;
using nianbao::parser::ParseInput;
using nianbao::Result;

struct Page {
  std::string path;
  std::string bytes;
  std::string utf8;  // decoded once, for the gumbo-only and extraction runs
};

void LoadPages(const std::filesystem::path& dir, std::vector<Page>& pages) {
  if (!std::filesystem::is_directory(dir)) return;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".html") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Page p{e.path().string(), ss.str(), {}};
    p.utf8 = DecodeToUtf8(p.bytes, "").utf8;
    pages.push_back(std::move(p));
  }
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU seconds this thread spent in `fn`.
template <typename Fn>
double CpuSeconds(Fn&& fn) {
  timespec a{}, b{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
  fn();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
  return static_cast<double>(b.tv_sec - a.tv_sec) + static_cast<double>(b.tv_nsec - a.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const double min_s = argc > 1 ? std::atof(argv[1]) : 3.0;
  std::vector<std::filesystem::path> dirs;
  for (int i = 2; i < argc; ++i) dirs.emplace_back(argv[i]);
  if (dirs.empty()) {
    dirs = {NIANBAO_SOURCE_DIR "/tests/fixtures/reports", NIANBAO_SOURCE_DIR "/tests/fixtures/html"};
  }
  std::vector<Page> pages;
  for (const auto& d : dirs) LoadPages(d, pages);
  if (pages.empty()) {
    std::fprintf(stderr, "bench_parse: no *.html in the given directories\n");
    return 1;
  }
  std::size_t bytes = 0;
  std::size_t no_tables = 0;
  for (const Page& p : pages) {
    bytes += p.bytes.size();
    ParseInput in;
    in.bytes = p.bytes;
    Result<nianbao::parser::Report> r = ParseDocument(in);
    if (!r.ok() || !r->tables_found) ++no_tables;
  }
  std::printf("pages: %zu (%.1f KiB in all), %zu without standard tables\n", pages.size(),
              bytes / 1024.0, no_tables);

  // ParseDocument and bare gumbo are timed round by round in turn, on this
  // thread's CPU clock, so a machine shared with other work slows both alike
  // and the ratio stays comparable between runs.
  std::size_t failures = 0;
  double parse_cpu = 0, gumbo_cpu = 0;
  std::size_t rounds = 0;
  const auto start = Clock::now();
  do {
    parse_cpu += CpuSeconds([&] {
      for (const Page& p : pages) {
        ParseInput in;
        in.bytes = p.bytes;
        in.url = "http://bench.gov.cn/art/2022/1/1/art_1_1.html";
        if (!ParseDocument(in).ok()) ++failures;
      }
    });
    gumbo_cpu += CpuSeconds([&] {
      for (const Page& p : pages) {
        GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.utf8.data(), p.utf8.size());
        gumbo_destroy_output(&kGumboDefaultOptions, out);
      }
    });
    ++rounds;
  } while (Seconds(Clock::now() - start) < 2 * min_s);
  double extract_cpu = 0;
  std::size_t extract_rounds = 0;
  const auto extract_start = Clock::now();
  do {
    extract_cpu += CpuSeconds([&] {
      for (const Page& p : pages) {
        if (!ExtractArticle(p.utf8, "").ok()) ++failures;
      }
    });
    ++extract_rounds;
  } while (Seconds(Clock::now() - extract_start) < min_s);

  const double mb = bytes / 1e6;
  const double parse_per_round = parse_cpu / rounds;
  const double extract_per_round = extract_cpu / extract_rounds;
  const double gumbo_per_round = gumbo_cpu / rounds;
  std::printf("ParseDocument:  %8.2f MB/s  %8.1f pages/s  (CPU time, %zu rounds)\n", mb / parse_per_round,
              pages.size() / parse_per_round, rounds);
  std::printf("gumbo_parse:    %8.2f MB/s  %8.1f pages/s  (parse + destroy of the decoded page, CPU time, same rounds)\n",
              mb / gumbo_per_round, pages.size() / gumbo_per_round);
  std::printf("ParseDocument / gumbo_parse rate: %.2fx\n", gumbo_per_round / parse_per_round);
  std::printf("ExtractArticle: %8.2f MB/s  %8.1f pages/s  (CPU time, %zu rounds)\n", mb / extract_per_round,
              pages.size() / extract_per_round, extract_rounds);
  std::printf("gumbo share of ExtractArticle: %.0f%%\n", 100.0 * gumbo_per_round / extract_per_round);
  if (failures != 0) std::printf("pages refused (kParse/kLimit) over all rounds: %zu\n", failures);
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS: %.1f MiB\n", ru.ru_maxrss / 1024.0);
  return 0;
}
