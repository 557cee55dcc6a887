// The CLI must never create a database by accident (a typo in --db would
// otherwise leave an empty file behind and report "no reports"), so existence
// is checked before any open. Who writes is storage::ProbeWriter's answer.
#include "app/cli/reader.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "app/cli/context.h"
#include "app/cli/time_format.h"
#include "storage/writer_lock.h"

namespace nianbao::app {
namespace {

Status RequireDatabase(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return NotFound("no database at " + path + " yet; run `nianbao crawl` first");
  return Status::Ok();
}

Result<Session> Open(const GlobalOptions& g, storage::OpenMode mode) {
  Result<Config> cfg = LoadConfigFor(g, false);
  if (!cfg.ok()) return cfg.status();
  NIANBAO_RETURN_IF_ERROR(RequireDatabase(cfg->storage.path));
  auto store = storage::Store::Open(cfg->storage.path, mode, SystemClock::Instance());
  if (!store.ok()) return store.status();
  return Session{std::move(*cfg), std::move(*store)};
}

}  // namespace

Result<Session> OpenForReading(const GlobalOptions& g) { return Open(g, storage::OpenMode::kReadOnly); }

Result<Session> OpenForWriting(const GlobalOptions& g, const std::string& why_not_needed) {
  Result<Config> cfg = LoadConfigFor(g, false);
  if (!cfg.ok()) return cfg.status();
  NIANBAO_RETURN_IF_ERROR(RequireDatabase(cfg->storage.path));
  auto busy = [&](std::optional<long> pid) {
    return Busy("the daemon (pid " + (pid ? std::to_string(*pid) : std::string("unknown")) + ") holds the database " +
                cfg->storage.path + "; " + why_not_needed);
  };
  if (storage::WriterState w = storage::ProbeWriter(cfg->storage.path); w.running) return busy(w.pid);
  auto store = storage::Store::Open(cfg->storage.path, storage::OpenMode::kWriter, SystemClock::Instance());
  if (!store.ok()) {
    // The daemon may have started between the probe and the open.
    if (store.status().code() == Code::kBusy) return busy(storage::ProbeWriter(cfg->storage.path).pid);
    return store.status();
  }
  return Session{std::move(*cfg), std::move(*store)};
}

std::string LastCrawlNote(storage::Store& store, UnixMillis now) {
  auto cycle = store.LastCycle();
  if (!cycle.ok()) return "";
  if (!cycle->has_value()) return "no crawl has run yet";
  const storage::CycleInfo& c = **cycle;
  if (c.finished_at) return "last crawl " + Ago(*c.finished_at, now);
  return "a crawl started " + Ago(c.started_at, now) + " and has not finished";
}

bool ColourEnabled() {
  static const bool enabled = ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  return enabled;
}

std::string Paint(const std::string& text, Style style) {
  if (!ColourEnabled() || text.empty()) return text;
  const char* code = style == Style::kBold     ? "1"
                     : style == Style::kRed    ? "31"
                     : style == Style::kGreen  ? "32"
                     : style == Style::kYellow ? "33"
                                               : "2";
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

}  // namespace nianbao::app
