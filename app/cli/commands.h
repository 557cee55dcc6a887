// One function per sub-command. Each returns the process exit status and
// prints its own output; none throws. Arguments are plain structs filled by
// cli.cpp, so the commands can be called from tests without a command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cli/cli.h"

namespace nianbao::app {

struct ParseArgs {
  std::vector<std::string> files;
  std::string url;
};
int CmdParse(const GlobalOptions& g, const ParseArgs& a);

struct ReportFilter {
  std::optional<int> year;
  std::string agency;
};

int CmdCrawl(const GlobalOptions& g);
int CmdRun(const GlobalOptions& g);
int CmdStatus(const GlobalOptions& g);
int CmdReports(const GlobalOptions& g, const ReportFilter& f);
int CmdMissing(const GlobalOptions& g, int year);
int CmdShow(const GlobalOptions& g, const std::string& agency, int year);
int CmdDiff(const GlobalOptions& g, const std::string& agency, int year);
int CmdAlerts(const GlobalOptions& g);
int CmdRetry(const GlobalOptions& g, bool all);
// `status`: "attachment", "failed", "all", or "" for reports of an older reader or left as attachment.
int CmdReparse(const GlobalOptions& g, const std::string& status);

struct ExportArgs {
  std::string format;  // csv, json, html
  std::optional<int> year;
  std::string output;  // empty: stdout
};
int CmdExport(const GlobalOptions& g, const ExportArgs& a);

// The hidden `__read-document --limits JSON`: the reader child
// (documents/isolation/reader_child.h) on stdin and stdout. Not for operators.
int CmdReadDocument(const std::string& limits_json);

// Prints "nianbao <command>: not yet available in this build" and returns 2.
int NotYetAvailable(const char* command);

}  // namespace nianbao::app
