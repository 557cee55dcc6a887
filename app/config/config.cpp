#include "app/config/config.h"
#include "app/config/toml_guard.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "alerts/notifier.h"
#include "net/address_policy.h"
#include "net/url.h"

namespace nianbao::app {
namespace {

// Reads one TOML table into a struct, remembering which keys it consumed so
// that anything left over can be reported as unknown. The first error wins:
// an operator fixes one line at a time, and later errors are often echoes.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, const std::string& file, Status* error)
      : table_(table), prefix_(std::move(prefix)), file_(file), error_(error) {}

  template <typename T>
  void Get(const char* key, T* out) {
    used_.insert(key);
    const toml::node* node = table_.get(key);
    if (node == nullptr || !error_->ok()) return;
    if constexpr (std::is_same_v<T, bool>) {
      if (auto v = node->value_exact<bool>()) { *out = *v; return; }
      Fail(*node, key, "must be true or false");
    } else if constexpr (std::is_integral_v<T>) {
      auto v = node->value_exact<std::int64_t>();
      if (!v) { Fail(*node, key, "must be an integer"); return; }
      if (*v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          *v > static_cast<std::int64_t>(std::numeric_limits<T>::max())) {
        Fail(*node, key, "is out of range");
        return;
      }
      *out = static_cast<T>(*v);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (auto v = node->value_exact<std::string>()) { *out = *v; return; }
      Fail(*node, key, "must be a string");
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      const toml::array* arr = node->as_array();
      if (arr == nullptr) { Fail(*node, key, "must be an array of strings"); return; }
      out->clear();
      for (const toml::node& item : *arr) {
        auto v = item.value_exact<std::string>();
        if (!v) { Fail(item, key, "must be an array of strings"); return; }
        out->push_back(*v);
      }
    }
  }

  bool Has(const char* key) const { return table_.contains(key); }
  // A key the caller reads itself (e.g. an array of tables).
  void MarkKnown(const char* key) { used_.insert(key); }
  int LineOf(const char* key) const {
    const toml::node* n = table_.get(key);
    return n ? static_cast<int>(n->source().begin.line) : static_cast<int>(table_.source().begin.line);
  }

  // Reports `what` against `key`, at the key's line.
  void Invalid(const char* key, const std::string& what) {
    if (!error_->ok()) return;
    *error_ = InvalidArgument(Where(LineOf(key)) + Name(key) + ": " + what);
  }

  void RejectUnknownKeys() {
    for (auto&& [key, node] : table_) {
      if (used_.count(std::string(key.str())) || !error_->ok()) continue;
      *error_ = InvalidArgument(Where(static_cast<int>(key.source().begin.line)) +
                                Name(std::string(key.str()).c_str()) + ": unknown key");
    }
  }

 private:
  void Fail(const toml::node& node, const char* key, const std::string& what) {
    *error_ = InvalidArgument(Where(static_cast<int>(node.source().begin.line)) + Name(key) + ": " + what);
  }
  std::string Where(int line) const { return file_ + ":" + std::to_string(line) + ": "; }
  std::string Name(const char* key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

  const toml::table& table_;
  std::string prefix_;
  const std::string& file_;
  Status* error_;
  std::set<std::string> used_;
};

// Values another room consumes are checked with that room's own parser, so
// the configuration accepts exactly what the crawler and the notifier will;
// only the message (FILE:LINE: key: ...) is the configuration's.
bool IsHttpUrl(const std::string& url) { return net::NormalizeUrl(url).ok(); }

void ReadStorage(const toml::table& t, const std::string& file, Status* err, StorageConfig* out) {
  TableReader r(t, "storage", file, err);
  r.Get("path", &out->path);
  if (err->ok() && out->path.empty()) r.Invalid("path", "must not be empty");
  r.RejectUnknownKeys();
}

// The per-source bounds of [crawler]; each must be at least 1.
void ReadSourceBounds(TableReader& r, CrawlerConfig* out) {
  const std::pair<const char*, std::int64_t*> bounds[] = {
      {"max_pages_per_source", &out->bounds.max_pages},
      {"max_windows_per_column", &out->bounds.max_windows},
      {"max_total_records", &out->bounds.max_total_records},
      {"max_source_seconds", &out->bounds.max_seconds},
  };
  for (const auto& [key, value] : bounds) {
    r.Get(key, value);
    if (*value < 1) r.Invalid(key, "must be >= 1");
  }
}

void ReadCrawler(const toml::table& t, const std::string& file, Status* err, CrawlerConfig* out) {
  TableReader r(t, "crawler", file, err);
  r.Get("user_agent", &out->user_agent);
  r.Get("max_connections", &out->max_connections);
  r.Get("per_host_connections", &out->per_host_connections);
  r.Get("per_host_delay_ms", &out->per_host_delay_ms);
  r.Get("timeout_s", &out->timeout_s);
  r.Get("max_body_bytes", &out->max_body_bytes);
  r.Get("retries", &out->retries);
  r.Get("respect_robots", &out->respect_robots);
  r.Get("resolve", &out->resolve);
  r.Get("allow_private", &out->allow_private);
  ReadSourceBounds(r, out);
  if (out->user_agent.empty()) r.Invalid("user_agent", "must not be empty");
  if (out->max_connections < 1 || out->max_connections > 10000) r.Invalid("max_connections", "must be 1..10000");
  if (out->per_host_connections < 1 || out->per_host_connections > out->max_connections)
    r.Invalid("per_host_connections", "must be 1..max_connections");
  if (out->per_host_delay_ms < 0) r.Invalid("per_host_delay_ms", "must be >= 0");
  if (out->timeout_s < 1) r.Invalid("timeout_s", "must be >= 1");
  if (out->max_body_bytes < 1024) r.Invalid("max_body_bytes", "must be >= 1024");
  if (out->retries < 0 || out->retries > 20) r.Invalid("retries", "must be 0..20");
  for (const std::string& e : out->resolve)
    if (!net::ParseResolveEntry(e).ok()) r.Invalid("resolve", "'" + e + "' is not host:port:address");
  r.RejectUnknownKeys();
}

void ReadSchedule(const toml::table& t, const std::string& file, Status* err, ScheduleConfig* out) {
  TableReader r(t, "schedule", file, err);
  std::string interval, deadline;
  r.Get("interval", &interval);
  r.Get("deadline", &deadline);
  r.Get("grace_days", &out->grace_days);
  if (!interval.empty()) {
    auto d = ParseDuration(interval);
    if (!d.ok()) r.Invalid("interval", d.status().message());
    else if (*d < 60) r.Invalid("interval", "must be at least 1m");
    else out->interval_s = *d;
  }
  if (!deadline.empty()) {
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(deadline.c_str(), "%2d-%2d%c", &m, &d, &tail) != 2 || deadline.size() != 5 || m < 1 ||
        m > 12 || d < 1 || d > kDays[m - 1]) {
      r.Invalid("deadline", "'" + deadline + "' is not a month-day like \"01-31\"");
    } else {
      out->deadline_month = m;
      out->deadline_day = d;
    }
  }
  if (out->grace_days < 0 || out->grace_days > 365) r.Invalid("grace_days", "must be 0..365");
  r.RejectUnknownKeys();
}

void ReadDocuments(const toml::table& t, const std::string& file, Status* err, DocumentsConfig* out) {
  TableReader r(t, "documents", file, err);
  r.Get("cpu_seconds", &out->cpu_seconds);
  r.Get("memory_mb", &out->memory_mb);
  r.Get("wall_seconds", &out->wall_seconds);
  r.Get("concurrent_readers", &out->concurrent_readers);
  if (out->cpu_seconds < 1 || out->cpu_seconds > 3600) r.Invalid("cpu_seconds", "must be 1..3600");
  if (out->memory_mb < 64 || out->memory_mb > 65536) r.Invalid("memory_mb", "must be 64..65536");
  if (out->wall_seconds < out->cpu_seconds || out->wall_seconds > 7200)
    r.Invalid("wall_seconds", "must be cpu_seconds..7200");
  if (out->concurrent_readers < 1 || out->concurrent_readers > 64) r.Invalid("concurrent_readers", "must be 1..64");
  r.RejectUnknownKeys();
}

// webhook, webhook_format, webhook_secret, webhook_rate_per_minute: the
// default channel's in [alerts], a route's in [[alerts.route]].
void ReadWebhook(TableReader& r, alerts::WebhookOptions* out) {
  std::string format;
  r.Get("webhook", &out->url);
  r.Get("webhook_format", &format);
  r.Get("webhook_secret", &out->secret);
  r.Get("webhook_rate_per_minute", &out->rate_per_minute);
  if (!out->url.empty() && !IsHttpUrl(out->url)) r.Invalid("webhook", "must be an http:// or https:// URL");
  if (r.Has("webhook_format")) {
    Result<alerts::WebhookFormat> f = alerts::ParseWebhookFormat(format);
    if (f.ok()) out->format = *f;
    else r.Invalid("webhook_format", "must be \"json\", \"dingtalk\" or \"wecom\"");
  }
  if (r.Has("webhook_rate_per_minute") && out->rate_per_minute < 0)
    r.Invalid("webhook_rate_per_minute", "must be >= 0 (0: unlimited)");
  if (!out->secret.empty() && out->format != alerts::WebhookFormat::kDingTalk)
    r.Invalid("webhook_secret", "is for webhook_format = \"dingtalk\" (加签)");
}

void ReadRoute(const toml::table& t, const std::string& file, std::size_t index, Status* err, alerts::AlertRoute* out) {
  TableReader r(t, "alerts.route", file, err);
  r.Get("name", &out->name);
  r.Get("sources", &out->sources);
  r.Get("agencies", &out->agencies);
  r.Get("email_to", &out->email_to);
  r.Get("also_default", &out->also_default);
  ReadWebhook(r, &out->webhook);
  if (out->name.empty()) out->name = "route" + std::to_string(index + 1);
  if (out->sources.empty() && out->agencies.empty()) r.Invalid("sources", "a route needs sources or agencies");
  if (out->webhook.url.empty() && out->email_to.empty()) r.Invalid("webhook", "a route needs a webhook or email_to");
  r.RejectUnknownKeys();
}

void ReadAlerts(const toml::table& t, const std::string& file, Status* err, AlertsConfig* out) {
  TableReader r(t, "alerts", file, err);
  std::string reminder;
  ReadWebhook(r, &out->webhook);
  r.Get("digest", &out->digest);
  r.Get("max_alerts", &out->max_alerts);
  r.Get("reminder_interval", &reminder);
  r.Get("source_failing_cycles", &out->source_failing_cycles);
  r.Get("smtp_url", &out->smtp_url);
  r.Get("smtp_credentials_file", &out->smtp_credentials_file);
  r.Get("email_from", &out->email_from);
  r.Get("email_to", &out->email_to);
  r.Get("metrics_file", &out->metrics_file);
  if (!reminder.empty()) {
    auto d = ParseDuration(reminder);
    if (!d.ok()) r.Invalid("reminder_interval", d.status().message());
    else out->reminder_interval_s = *d;
  }
  if (out->source_failing_cycles < 1) r.Invalid("source_failing_cycles", "must be >= 1");
  if (out->max_alerts < 1 || out->max_alerts > 10000) r.Invalid("max_alerts", "must be 1..10000");
  if (!out->smtp_url.empty() && out->email_to.empty()) r.Invalid("email_to", "is required with smtp_url");
  r.MarkKnown("route");
  if (const toml::node* routes = t.get("route"); routes != nullptr && err->ok()) {
    const toml::array* arr = routes->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      r.Invalid("route", "must be an array of tables ([[alerts.route]])");
    } else {
      std::set<std::string> names;
      for (const toml::node& n : *arr) {
        alerts::AlertRoute route;
        ReadRoute(*n.as_table(), file, out->routes.size(), err, &route);
        if (err->ok() && !names.insert(route.name).second) {
          *err = InvalidArgument(file + ":" + std::to_string(n.source().begin.line) + ": alerts.route.name: '" +
                                 route.name + "' is used twice");
        }
        out->routes.push_back(std::move(route));
      }
    }
  }
  r.RejectUnknownKeys();
}

void ReadSource(const toml::table& t, const std::string& file, Status* err, SourceConfig* out) {
  TableReader r(t, "source", file, err);
  out->line = static_cast<int>(t.source().begin.line);
  std::string agency;
  r.Get("name", &out->name);
  r.Get("url", &out->url);
  r.Get("agencies", &out->agencies);
  r.Get("agency", &agency);
  r.Get("first_year", &out->first_year);
  if (!r.Has("name") || out->name.empty()) r.Invalid("name", "is required");
  if (!r.Has("url")) r.Invalid("url", "is required");
  else if (!IsHttpUrl(out->url)) r.Invalid("url", "'" + out->url + "' must be an http:// or https:// URL");
  if (r.Has("agency") && r.Has("agencies")) r.Invalid("agency", "give either agency or agencies, not both");
  if (r.Has("agency")) {
    if (agency.empty()) r.Invalid("agency", "must not be empty");
    out->agencies = {agency};
  }
  for (const std::string& a : out->agencies)
    if (a.empty()) r.Invalid("agencies", "must not contain an empty name");
  if (out->first_year < 2008 || out->first_year > 2100) r.Invalid("first_year", "must be a year 2008..2100");
  r.RejectUnknownKeys();
}

// Calls `read` with the sub-table `key` of `root` when present.
template <typename Fn>
void ReadSection(const toml::table& root, const char* key, const std::string& file, Status* err, Fn&& read) {
  const toml::node* node = root.get(key);
  if (node == nullptr || !err->ok()) return;
  if (const toml::table* t = node->as_table()) {
    read(*t);
    return;
  }
  *err = InvalidArgument(file + ":" + std::to_string(node->source().begin.line) + ": " + key + ": must be a table");
}

}  // namespace

Result<std::int64_t> ParseDuration(std::string_view text) {
  if (text.empty()) return InvalidArgument("empty duration");
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = n * 10 + (text[i] - '0');
      if (n > 100000000) return InvalidArgument("'" + std::string(text) + "' is too long");
      ++i;
    }
    if (i == start || i == text.size())
      return InvalidArgument("'" + std::string(text) + "' is not a duration like \"6h\", \"30m\", \"1d\"");
    switch (text[i++]) {
      case 's': total += n; break;
      case 'm': total += n * 60; break;
      case 'h': total += n * 3600; break;
      case 'd': total += n * 86400; break;
      default: return InvalidArgument("'" + std::string(text) + "' is not a duration like \"6h\", \"30m\", \"1d\"");
    }
  }
  return total;
}

Result<Config> ParseConfig(std::string_view toml_text, const std::string& name) {
  NIANBAO_RETURN_IF_ERROR(CheckBareAscii(toml_text, name));
  toml::table root;
  try {
    root = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(name + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  Config cfg;
  cfg.file = name;
  Status err;
  ReadSection(root, "storage", name, &err, [&](const toml::table& t) { ReadStorage(t, name, &err, &cfg.storage); });
  ReadSection(root, "crawler", name, &err, [&](const toml::table& t) { ReadCrawler(t, name, &err, &cfg.crawler); });
  ReadSection(root, "schedule", name, &err,
              [&](const toml::table& t) { ReadSchedule(t, name, &err, &cfg.schedule); });
  ReadSection(root, "alerts", name, &err, [&](const toml::table& t) { ReadAlerts(t, name, &err, &cfg.alerts); });
  ReadSection(root, "documents", name, &err,
              [&](const toml::table& t) { ReadDocuments(t, name, &err, &cfg.documents); });
  if (const toml::node* src = root.get("source"); src != nullptr && err.ok()) {
    const toml::array* arr = src->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      err = InvalidArgument(name + ":" + std::to_string(src->source().begin.line) +
                            ": source: must be an array of tables ([[source]])");
    } else {
      std::set<std::string> names;
      for (const toml::node& n : *arr) {
        SourceConfig s;
        ReadSource(*n.as_table(), name, &err, &s);
        if (err.ok() && !names.insert(s.name).second)
          err = InvalidArgument(name + ":" + std::to_string(s.line) + ": source.name: '" + s.name +
                                "' is used twice");
        cfg.sources.push_back(std::move(s));
      }
    }
  }
  if (err.ok()) {
    for (auto&& [key, node] : root) {
      static const std::set<std::string> kKnown = {"storage", "crawler", "schedule", "alerts", "documents",
                                                   "source"};
      if (!kKnown.count(std::string(key.str()))) {
        err = InvalidArgument(name + ":" + std::to_string(key.source().begin.line) + ": " + std::string(key.str()) +
                              ": unknown key");
        break;
      }
    }
  }
  if (!err.ok()) return err;
  return cfg;
}

documents::ReaderOptions ReaderOptionsFor(const DocumentsConfig& d) {
  documents::ReaderOptions o;
  o.reader_exe = "/proc/self/exe";
  o.cpu_seconds = d.cpu_seconds;
  o.address_space_bytes = static_cast<std::size_t>(d.memory_mb) << 20;
  o.wall_seconds = d.wall_seconds;
  o.concurrent_readers = d.concurrent_readers;
  return o;
}

Result<Config> LoadConfig(const std::string& path) {
  // A directory opens as a stream and reads as empty, which would pass for a
  // configuration of defaults.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(path + ": is a directory, not a configuration file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(path + ": cannot read the configuration file");
  std::stringstream buf;
  buf << in.rdbuf();
  Result<Config> cfg = ParseConfig(buf.str(), path);
  if (!cfg.ok()) return cfg;
  std::filesystem::path db(cfg->storage.path);
  if (db.is_relative()) cfg->storage.path = (std::filesystem::path(path).parent_path() / db).lexically_normal().string();
  return cfg;
}

}  // namespace nianbao::app
