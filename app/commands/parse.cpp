// `nianbao parse FILE... [--url URL]`: the parser alone, offline, no database.
// Pages are parsed in this process; documents (PDF, DOCX, …) are read in the
// reader child under the [documents] bounds, as the crawl reads them.
// Exit 1 when a file parsed but holds no standard table (an attachment-only page,
// a page that is not a report), 3 when a file cannot be read or parsed at all
// ("nianbao: cannot read FILE: <kind>: <detail>" for a document).
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/cli/exit_status.h"
#include "app/cli/report_printer.h"
#include "crawler/walkers/resolve_link.h"
#include "documents/report_reader.h"
#include "parser/parse.h"
#include "parser/report_json.h"

namespace nianbao::app {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot read");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Text files are recognised by extension; everything else is sniffed by the parser.
std::string ContentTypeFor(const std::string& path) {
  auto ends_with = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends_with(".txt") || ends_with(".md")) return "text/plain";
  if (ends_with(".html") || ends_with(".htm") || ends_with(".shtml")) return "text/html";
  return "";
}

}  // namespace

int CmdParse(const GlobalOptions& g, const ParseArgs& a) {
  Result<Config> cfg = LoadConfigFor(g, false);
  if (!cfg.ok()) return Fail(cfg.status());
  const documents::ReaderOptions reader = ReaderOptionsFor(cfg->documents);
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  int exit_status = kExitOk;
  for (const std::string& file : a.files) {
    Result<std::string> bytes = ReadFile(file);
    if (!bytes.ok()) {
      std::cerr << "nianbao parse: " << bytes.status().message() << "\n";
      exit_status = kExitRuntime;
      continue;
    }
    documents::DocumentInput in;
    in.bytes = *bytes;
    in.url = a.url;
    in.resolve_link = crawler::ResolveLink;  // the crawler's rule, so attachments match what it fetches
    in.content_type = ContentTypeFor(file);
    documents::ReportRead read = documents::ReadReport(in, reader);
    if (!read.report) {
      if (read.form == documents::DocumentForm::kPage) {
        std::cerr << "nianbao parse: " << file << ": " << read.failure->detail << "\n";
      } else {
        std::cerr << "nianbao: cannot read " << file << ": " << documents::ReadFailureKindName(read.failure->kind)
                  << ": " << read.failure->detail << "\n";
      }
      exit_status = kExitRuntime;
      if (g.json) all.push_back(nullptr);
      continue;
    }
    const parser::Report* report = &*read.report;
    if (!report->tables_found) {
      std::cerr << "nianbao parse: " << file << ": no report tables found\n";
      if (exit_status == kExitOk) exit_status = kExitProblem;
    }
    if (g.json) {
      all.push_back(parser::ReportToJson(*report));
    } else {
      if (a.files.size() > 1) std::cout << "== " << file << "\n";
      std::cout << RenderReportSummary(*report);
    }
  }
  if (g.json) std::cout << (a.files.size() == 1 ? all.at(0) : all).dump(2) << "\n";
  return exit_status;
}

}  // namespace nianbao::app
