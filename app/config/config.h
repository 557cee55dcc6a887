// Config: the whole TOML configuration of ../shared/spec/interface.md, validated
// once. Every problem is reported as "FILE:LINE: key: what is wrong" (Code
// kInvalidArgument, which the CLI turns into exit status 2). Unknown keys are
// errors, not ignored: a misspelt option must not silently fall back to a default.
//
// A Config is plain data, copied freely; reloading (SIGHUP) builds a new one
// and swaps it in only when it loaded without error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alerts/alert_options.h"
#include "analysis/deadline.h"
#include "common/status.h"
#include "crawler/source_bounds.h"
#include "documents/report_reader.h"
#include "net/fetcher.h"

namespace nianbao::app {

struct StorageConfig {
  std::string path = "/var/lib/nianbao/nianbao.db";
};

// [crawler]: the fetcher's own options, read from the file for the keys
// user_agent, max_connections, per_host_connections, per_host_delay_ms,
// timeout_s, max_body_bytes, retries, respect_robots, resolve, allow_private.
// The rest keep net's defaults; allowed_hosts comes from the sources.
struct CrawlerConfig : net::FetcherOptions {
  // Per source and cycle, from max_pages_per_source, max_windows_per_column,
  // max_total_records and max_source_seconds: past one, the source is
  // recorded as failing with cause `limit` and the cycle goes on to its end.
  crawler::SourceBounds bounds;
};

// [schedule]: the cycle interval and the deadline rule analysis/ applies.
struct ScheduleConfig : analysis::DeadlineRule {
  std::int64_t interval_s = 6 * 3600;  // between two cycles of `run`
};

// [alerts]: what alerts/ needs, plus the metrics textfile the daemon writes.
struct AlertsConfig : alerts::AlertOptions {
  std::string metrics_file;  // Prometheus textfile; empty: none
};

// [documents]: the bounds of the reader child process (documents/isolation/)
// that reads each PDF, DOCX, XLSX, DOC or archive.
struct DocumentsConfig {
  int cpu_seconds = 60;         // CPU time per document (RLIMIT_CPU)
  int memory_mb = 512;          // address space per reader (RLIMIT_AS)
  int wall_seconds = 120;       // the reader is killed past this; >= cpu_seconds
  int concurrent_readers = 2;   // readers at once; MemoryMax must hold them all
};

// The reader options of documents::ReadReport for these bounds, with the
// reader child being this executable (/proc/self/exe).
documents::ReaderOptions ReaderOptionsFor(const DocumentsConfig& d);

struct SourceConfig {
  std::string name;
  std::string url;
  std::vector<std::string> agencies;  // `agency = "…"` is stored here as one entry
  int first_year = 2019;              // years before this are not expected
  int line = 0;                       // where the [[source]] was declared, for messages
};

struct Config {
  std::string file;  // the file it came from
  StorageConfig storage;
  CrawlerConfig crawler;
  ScheduleConfig schedule;
  AlertsConfig alerts;
  DocumentsConfig documents;
  std::vector<SourceConfig> sources;
};

// Reads and validates `path`. Relative storage paths are taken relative to the
// config file's directory.
Result<Config> LoadConfig(const std::string& path);

// Parses TOML text as if it came from `name` (used by LoadConfig and tests).
Result<Config> ParseConfig(std::string_view toml_text, const std::string& name);

// "6h", "30m", "90s", "2d", "1h30m" → seconds; kInvalidArgument otherwise.
Result<std::int64_t> ParseDuration(std::string_view text);

}  // namespace nianbao::app
