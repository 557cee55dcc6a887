// bench_documents: document reading speed over the committed corpus
// (tests/fixtures/documents/): the text-layer PDFs and the DOCX files, each
// read with documents::ExtractDocument in this process, N rounds. Prints pages
// per second per form, the peak resident memory (getrusage), and for PDF the
// time a bare MuPDF pass takes over the same files (fz_open_document +
// fz_new_stext_page_from_page on every page), i.e. the share of the PDF
// reader's time spent inside MuPDF itself.
// Usage: bench_documents [rounds] [dir]
#include <mupdf/fitz.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "documents/extract.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nianbao::documents::ExtractDocument;
using nianbao::documents::ExtractLimits;
using nianbao::documents::ReadFailure;

struct File {
  std::string path;
  std::string bytes;
};

std::vector<File> Load(const fs::path& dir, const std::string& ext) {
  std::vector<File> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ext) continue;
    // An oracle saying "no report" (encrypted with a user password) is no text-layer PDF.
    if (fs::exists(e.path().string() + ".expected-failure.json")) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    files.push_back({e.path().string(), ss.str()});
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.path < b.path; });
  return files;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct ContextDeleter {
  void operator()(fz_context* c) const { fz_drop_context(c); }
};

// MuPDF reports errors by longjmp: each fz_try below is in its own small
// function, and only fz_var'd pointers change inside it.
fz_document* OpenPdf(fz_context* ctx, fz_buffer* buf) {
  fz_stream* stm = nullptr;
  fz_document* doc = nullptr;
  fz_var(stm);
  fz_var(doc);
  fz_try(ctx) {
    stm = fz_open_buffer(ctx, buf);
    doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
  }
  fz_always(ctx) { fz_drop_stream(ctx, stm); }
  fz_catch(ctx) { return nullptr; }
  return doc;
}

int CountPages(fz_context* ctx, fz_document* doc) {
  volatile int n = -1;
  fz_try(ctx) { n = fz_count_pages(ctx, doc); }
  fz_catch(ctx) { return -1; }
  return n;
}

bool StextPage(fz_context* ctx, fz_document* doc, int i) {
  fz_page* page = nullptr;
  fz_stext_page* text = nullptr;
  fz_var(page);
  fz_var(text);
  fz_try(ctx) {
    page = fz_load_page(ctx, doc, i);
    text = fz_new_stext_page_from_page(ctx, page, nullptr);
  }
  fz_always(ctx) {
    fz_drop_stext_page(ctx, text);
    fz_drop_page(ctx, page);
  }
  fz_catch(ctx) { return false; }
  return true;
}

// One bare MuPDF pass over `bytes`: open, and build the structured text of
// every page, the minimum the PDF reader itself must do. Returns the pages
// read, -1 when the file does not open.
int BareMupdf(fz_context* ctx, const std::string& bytes) {
  fz_buffer* buf = nullptr;
  fz_var(buf);
  fz_try(ctx) {
    buf = fz_new_buffer_from_copied_data(ctx, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }
  fz_catch(ctx) { return -1; }
  fz_document* doc = OpenPdf(ctx, buf);
  fz_drop_buffer(ctx, buf);
  if (!doc) return -1;
  const int n = CountPages(ctx, doc);
  int pages = 0;
  for (int i = 0; i < n; ++i) pages += StextPage(ctx, doc, i) ? 1 : 0;
  fz_drop_document(ctx, doc);
  return n < 0 ? -1 : pages;
}

struct Run {
  double seconds = 0;
  long pages = 0;
  int failures = 0;
};

Run Extract(const std::vector<File>& files, int rounds) {
  Run r;
  const ExtractLimits limits;
  const auto start = Clock::now();
  for (int k = 0; k < rounds; ++k) {
    for (const File& f : files) {
      auto e = ExtractDocument(f.bytes, limits);
      if (const auto* parts = std::get_if<nianbao::parser::DocumentParts>(&e)) {
        r.pages += parts->pages;
      } else {
        ++r.failures;
        if (k == 0) std::printf("  %s: %s\n", f.path.c_str(), std::get<ReadFailure>(e).detail.c_str());
      }
    }
  }
  r.seconds = Seconds(Clock::now() - start);
  return r;
}

long PeakRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

void Report(const char* form, const std::vector<File>& files, const Run& r, int rounds) {
  const double reads = double(files.size()) * rounds - r.failures;  // successful reads only
  std::printf("%s: %zu files x %d rounds, %.3f s, %ld pages read, %.1f pages/s, %.1f files/s, %d failed reads\n",
              form, files.size(), rounds, r.seconds, r.pages, r.seconds > 0 ? r.pages / r.seconds : 0.0,
              r.seconds > 0 ? reads / r.seconds : 0.0, r.failures);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::path(NIANBAO_SOURCE_DIR) / "tests/fixtures/documents";
  const std::vector<File> pdfs = Load(dir, ".pdf");
  const std::vector<File> docxs = Load(dir, ".docx");
  if (pdfs.empty() && docxs.empty()) {
    std::fprintf(stderr, "no .pdf or .docx under %s\n", dir.c_str());
    return 1;
  }

  const Run pdf = Extract(pdfs, rounds);
  Report("pdf  ExtractDocument", pdfs, pdf, rounds);

  std::unique_ptr<fz_context, ContextDeleter> ctx(fz_new_context(nullptr, nullptr, FZ_STORE_DEFAULT));
  if (!ctx) return 1;
  fz_register_document_handlers(ctx.get());
  Run bare;
  const auto start = Clock::now();
  for (int k = 0; k < rounds; ++k) {
    for (const File& f : pdfs) {
      const int n = BareMupdf(ctx.get(), f.bytes);
      if (n < 0) ++bare.failures;
      else bare.pages += n;
    }
  }
  bare.seconds = Seconds(Clock::now() - start);
  Report("pdf  bare MuPDF stext", pdfs, bare, rounds);
  if (pdf.seconds > 0 && pdf.failures == 0) {
    std::printf("pdf  MuPDF share of ExtractDocument: %.1f %% (bare %.3f s / reader %.3f s)\n",
                100.0 * bare.seconds / pdf.seconds, bare.seconds, pdf.seconds);
  } else {
    std::printf("pdf  MuPDF share: not measured (the reader failed %d reads)\n", pdf.failures);
  }

  const Run docx = Extract(docxs, rounds);
  Report("docx ExtractDocument", docxs, docx, rounds);
  std::printf("peak RSS: %ld KiB\n", PeakRssKiB());
  return 0;
}
