#include "app/cli/cli.h"

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/cli/commands.h"
#include "app/cli/exit_status.h"

namespace nianbao::app {
namespace {

void SetUpLogging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("nianbao");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S %^%l%$ %v");
  spdlog::set_level(verbosity > 0 ? spdlog::level::debug
                    : verbosity < 0 ? spdlog::level::warn
                                    : spdlog::level::info);
}

// Where the configuration comes from when --config is not given.
void DefaultConfigPath(GlobalOptions* g) {
  if (!g->config_path.empty()) {
    g->config_given = true;
    return;
  }
  if (const char* env = std::getenv("NIANBAO_CONFIG"); env != nullptr && *env != '\0') {
    g->config_path = env;
    g->config_given = true;
    return;
  }
  g->config_path = "/etc/nianbao/nianbao.toml";
}

}  // namespace

int NotYetAvailable(const char* command) {
  std::cerr << "nianbao " << command << ": not yet available in this build\n";
  return kExitUsage;
}

int RunCli(int argc, char** argv) {
  CLI::App app{"nianbao: collects and checks 政府信息公开工作年度报告 (annual government disclosure reports)"};
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the sub-command too

  GlobalOptions g;
  int verbose = 0, quiet = 0;
  app.add_option("--config", g.config_path, "the TOML configuration ($NIANBAO_CONFIG, /etc/nianbao/nianbao.toml)");
  app.add_option("--db", g.db_path, "the SQLite database, overriding [storage] path");
  app.add_flag("--json", g.json, "machine-readable output on stdout");
  app.add_flag("-v,--verbose", verbose, "more logging on stderr");
  app.add_flag("-q,--quiet", quiet, "less logging on stderr");

  std::function<int()> action;
  auto sub = [&](const char* name, const char* help) { return app.add_subcommand(name, help); };

  sub("run", "the daemon: crawl cycles on the schedule, deadline checks, alerts")
      ->callback([&] { action = [&] { return CmdRun(g); }; });
  sub("crawl", "one full crawl cycle in the foreground, then exit")
      ->callback([&] { action = [&] { return CmdCrawl(g); }; });
  sub("status", "queue counts, sources, reports per year, open alerts")
      ->callback([&] { action = [&] { return CmdStatus(g); }; });

  ReportFilter filter;
  auto* reports = sub("reports", "the reports found");
  reports->add_option("--year", filter.year, "only this report year")->check(CLI::Range(1990, 2100));
  reports->add_option("--agency", filter.agency, "only this agency");
  reports->callback([&] { action = [&] { return CmdReports(g, filter); }; });

  int year = 0;
  std::string agency;
  auto* missing = sub("missing", "expected agencies without a report for a year");
  missing->add_option("--year", year, "the report year")->required()->check(CLI::Range(1990, 2100));
  missing->callback([&] { action = [&] { return CmdMissing(g, year); }; });

  auto* show = sub("show", "one parsed report in the canonical form");
  show->add_option("--agency", agency, "the agency")->required();
  show->add_option("--year", year, "the report year")->required()->check(CLI::Range(1990, 2100));
  show->callback([&] { action = [&] { return CmdShow(g, agency, year); }; });

  auto* diff = sub("diff", "year Y against Y-1 for one agency");
  diff->add_option("--agency", agency, "the agency")->required();
  diff->add_option("--year", year, "the later report year")->required()->check(CLI::Range(1991, 2100));
  diff->callback([&] { action = [&] { return CmdDiff(g, agency, year); }; });

  ParseArgs parse_args;
  auto* parse = sub("parse", "offline: parse saved pages (HTML or text) and print the canonical form");
  parse->add_option("FILE", parse_args.files, "saved pages")->required()->check(CLI::ExistingFile);
  parse->add_option("--url", parse_args.url, "the address the page came from");
  parse->callback([&] { action = [&] { return CmdParse(g, parse_args); }; });

  sub("alerts", "alert history")->callback([&] { action = [&] { return CmdAlerts(g); }; });

  bool retry_all = false;
  auto* retry = sub("retry", "put failed documents back in the queue");
  retry->add_flag("--all", retry_all, "also documents that failed permanently (4xx)");
  retry->callback([&] { action = [&] { return CmdRetry(g, retry_all); }; });

  std::string reparse_status;
  auto* reparse = sub("reparse", "re-read stored revisions with the current readers (no refetch)");
  reparse->add_option("--status", reparse_status, "only reports of this status (default: older reader or attachment)")
      ->check(CLI::IsMember({"attachment", "failed", "all"}));
  reparse->callback([&] { action = [&] { return CmdReparse(g, reparse_status); }; });

  ExportArgs export_args;
  auto* exp = sub("export", "one row per report with every metric");
  exp->add_option("--format", export_args.format, "csv, json or html")
      ->required()
      ->check(CLI::IsMember({"csv", "json", "html"}));
  exp->add_option("--year", export_args.year, "only this report year")->check(CLI::Range(1990, 2100));
  exp->add_option("-o,--output", export_args.output, "write to FILE instead of stdout");
  exp->callback([&] { action = [&] { return CmdExport(g, export_args); }; });

  // The reader child (documents/isolation/): started by this program, never by
  // an operator, so it has no help text and no place in --help (group "").
  std::string read_limits;
  auto* read_document = sub("__read-document", "");
  read_document->group("");
  read_document->add_option("--limits", read_limits)->required();
  read_document->callback([&] { action = [&] { return CmdReadDocument(read_limits); }; });

  // CLI11 reports a misspelt command as "a subcommand is required"; name it.
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" || arg == "--db") {
      ++i;
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    bool known = false;
    for (const CLI::App* sub_app : app.get_subcommands({})) known = known || sub_app->check_name(arg);
    if (!known) {
      std::cerr << "nianbao: unknown command '" << arg << "'; see nianbao --help\n";
      return kExitUsage;
    }
    break;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "nianbao: " << e.what() << "\n";
    return kExitUsage;
  }
  g.verbosity = verbose - quiet;
  DefaultConfigPath(&g);
  SetUpLogging(g.verbosity);
  try {
    return action ? action() : kExitUsage;
  } catch (const std::exception& e) {
    // A bug: commands return errors as values. Say so and fail as a runtime error.
    std::cerr << "nianbao: internal error: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace nianbao::app
