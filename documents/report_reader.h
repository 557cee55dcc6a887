// ReadReport: the one entry from fetched or saved bytes of any form to a
// Report, for `nianbao parse FILE` and the crawl alike. The form is told by
// the bytes (form.h). Pages and text go to the parser in this process;
// documents are read in a child process (isolation/) bounded in CPU time,
// address space and wall clock, without network or write access, and their
// parts go through the same parser::AssembleReport as pages.
//
// Thread-safe (no shared state); blocks for as long as the child runs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"
#include "parser/parse.h"
#include "parser/report.h"

namespace nianbao::documents {

struct ReaderOptions {
  ExtractLimits limits;
  // The reader process: this executable, started with the hidden sub-command
  // `__read-document`. Empty: documents are read in this process (the
  // readers' own tests and fuzzers; never the daemon).
  std::string reader_exe = "/proc/self/exe";
  int cpu_seconds = 60;                          // per text document
  std::size_t address_space_bytes = 512u << 20;  // skipped in sanitizer builds
  int wall_seconds = 120;                        // the child is killed past this
  int concurrent_readers = 2;                    // children at once in this process
};

struct DocumentInput {
  std::string_view bytes;
  std::string url;                    // where it came from, may be empty
  std::string http_charset;           // for pages
  std::string content_type;           // for pages; never used to tell a document's form
  parser::LinkResolver resolve_link;  // for pages
};

struct ReportRead {
  DocumentForm form = DocumentForm::kBinary;
  std::optional<parser::Report> report;  // set when the bytes were read
  std::optional<ReadFailure> failure;    // set otherwise
};

ReportRead ReadReport(const DocumentInput& in, const ReaderOptions& options);

}  // namespace nianbao::documents
