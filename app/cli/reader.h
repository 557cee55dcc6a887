// How the operator's commands reach the database. Read commands open the Store
// read-only (they work while the daemon writes); `retry` opens it as the writer
// and is refused with a clear message while the daemon holds it. The path is
// --db, else the configuration's [storage] path; a missing file is reported as
// "no database at X yet; run `nianbao crawl` first" (kNotFound, exit 3) instead
// of being created. Also the terminal styling shared by the commands' output.
// Ownership: a Session owns its Store; the Clock is the process's SystemClock.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/cli/cli.h"
#include "app/config/config.h"
#include "common/status.h"
#include "storage/store.h"

namespace nianbao::app {

struct Session {
  Config config;  // built-in defaults when no configuration file exists
  std::unique_ptr<storage::Store> store;
};

// Loads the configuration (optional) and opens the database read-only.
Result<Session> OpenForReading(const GlobalOptions& g);

// Opens the database as its writer. kBusy names the daemon's pid and says what
// it does instead (`why_not_needed`, e.g. "it retries failed documents each cycle").
Result<Session> OpenForWriting(const GlobalOptions& g, const std::string& why_not_needed);

// "last crawl 2 h ago", "a crawl is running since 5 min ago" or "no crawl
// has run yet", for empty states; "" when the cycles cannot be read.
std::string LastCrawlNote(storage::Store& store, UnixMillis now);

// ANSI styles for human output, applied only when stdout is a terminal and
// NO_COLOR is unset.
enum class Style { kBold, kRed, kGreen, kYellow, kDim };
bool ColourEnabled();
std::string Paint(const std::string& text, Style style);

}  // namespace nianbao::app
