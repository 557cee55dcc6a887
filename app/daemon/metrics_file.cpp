// The textfile collector reads *.prom files at scrape time, so a file written
// in place could be scraped half-written; writing a temporary in the same
// directory (same file system) and renaming it over the target is atomic on
// POSIX. The pid in the temporary's name keeps two processes (a daemon and a
// one-shot `nianbao crawl`) from truncating each other's temporary.
#include "app/daemon/metrics_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

namespace nianbao::app {
namespace {

// Owns a file descriptor; closes it on scope exit.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  // Closes now and reports close(2)'s result (it can report a write error).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

bool IsNameChar(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         (!first && c >= '0' && c <= '9');
}

std::string SanitizeName(std::string_view name, bool allow_colon) {
  std::string out(name);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!IsNameChar(out[i], i == 0) || (!allow_colon && out[i] == ':')) out[i] = '_';
  }
  return out.empty() ? "_" : out;
}

std::string MetricName(std::string_view name, bool counter) {
  std::string out = SanitizeName(name, true);
  if (out.rfind(kMetricsPrefix, 0) != 0) out = kMetricsPrefix + out;
  const std::string_view suffix = "_total";
  if (counter && (out.size() < suffix.size() || out.compare(out.size() - suffix.size(), suffix.size(), suffix) != 0)) {
    out += suffix;
  }
  return out;
}

// HELP text escapes only backslash and newline.
std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

Status Errno(const std::string& path, const std::string& what, int err) {
  return IoError("metrics file " + path + ": " + what + ": " + std::strerror(err));
}

Status WriteAll(int fd, std::string_view text, const std::string& path, const std::string& tmp) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno(path, "write " + tmp, errno);
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

std::string DirectoryOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status WriteTemporary(const std::string& path, const std::string& tmp, std::string_view text) {
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return Errno(path, "cannot create " + tmp, errno);
  NIANBAO_RETURN_IF_ERROR(WriteAll(fd.get(), text, path, tmp));
  if (::fsync(fd.get()) != 0) return Errno(path, "fsync " + tmp, errno);
  if (fd.Close() != 0) return Errno(path, "close " + tmp, errno);
  return Status::Ok();
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : "NaN";
}

MetricsText& MetricsText::Gauge(std::string_view name, std::string_view help, const MetricLabels& labels,
                                double value) {
  return Add(MetricName(name, false), help, "gauge", labels, value);
}

MetricsText& MetricsText::Counter(std::string_view name, std::string_view help, const MetricLabels& labels,
                                  double value) {
  return Add(MetricName(name, true), help, "counter", labels, value);
}

MetricsText& MetricsText::Add(std::string name, std::string_view help, const char* type,
                              const MetricLabels& labels, double value) {
  std::string line = name;
  if (!labels.empty()) {
    line += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) line += ',';
      line += SanitizeName(labels[i].first, false) + "=\"" + EscapeLabelValue(labels[i].second) + '"';
    }
    line += '}';
  }
  line += ' ' + FormatSampleValue(value);
  for (Family& f : families_) {
    if (f.name == name) {
      f.samples.push_back(std::move(line));
      return *this;
    }
  }
  families_.push_back({std::move(name), EscapeHelp(help), type, {std::move(line)}});
  return *this;
}

std::string MetricsText::str() const {
  std::string out;
  for (const Family& f : families_) {
    out += "# HELP " + f.name + ' ' + f.help + '\n';
    out += "# TYPE " + f.name + ' ' + f.type + '\n';
    for (const std::string& s : f.samples) out += s + '\n';
  }
  return out;
}

Status WriteAtomically(const std::string& path, std::string_view text) {
  if (path.empty()) return InvalidArgument("metrics file: empty path");
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  Status st = WriteTemporary(path, tmp, text);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) st = Errno(path, "rename " + tmp, errno);
  if (!st.ok()) {
    ::unlink(tmp.c_str());  // best effort; may not exist
    return st;
  }
  // Make the rename itself durable; a failure here leaves a correct file.
  UniqueFd dir(::open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
  return Status::Ok();
}

}  // namespace nianbao::app
