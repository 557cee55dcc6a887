// MetricsText and WriteAtomically: the daemon's metrics as a Prometheus text
// exposition file for node_exporter's textfile collector (crawlers.md §5.5).
// MetricsText builds the text: one `# HELP` and `# TYPE` per metric family,
// then its samples; every name gets the `nianbao_` prefix, counters the
// `_total` suffix; label values are escaped (\\, \", \n). Names and label
// names are made valid by replacing other characters with '_'.
// WriteAtomically replaces a file so a reader sees either the old or the new
// content, never a partial one. MetricsText is plain data, copied freely.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace nianbao::app {

inline constexpr char kMetricsPrefix[] = "nianbao_";

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsText {
 public:
  // Adds one sample. A second call with the same name adds a sample to the
  // same family (its help and type are those of the first call).
  MetricsText& Gauge(std::string_view name, std::string_view help, const MetricLabels& labels, double value);
  MetricsText& Counter(std::string_view name, std::string_view help, const MetricLabels& labels, double value);

  // The exposition text, families in the order first added; "" when empty.
  std::string str() const;

 private:
  struct Family {
    std::string name;  // full name, prefixed (and suffixed for counters)
    std::string help;
    std::string type;  // "gauge" or "counter"
    std::vector<std::string> samples;  // whole lines without '\n'
  };
  MetricsText& Add(std::string name, std::string_view help, const char* type, const MetricLabels& labels,
                   double value);

  std::vector<Family> families_;
};

// "a\"b" style escaping of a label value: backslash, double quote, newline.
std::string EscapeLabelValue(std::string_view value);
// A sample value: shortest round-trip decimal, "NaN", "+Inf", "-Inf".
// Not parser::FormatNumber (the rule for report figures people read): a
// scraper parses these with Go's ParseFloat, so the value must round-trip
// exactly (a timestamp of 1764787200.125 s keeps its fraction, which 10
// significant digits would drop) and the non-finite spellings are the text
// format's, not printf's "nan"/"inf".
std::string FormatSampleValue(double value);

// Writes `text` to "<path>.tmp.<pid>", fsyncs it, renames it over `path` and
// fsyncs the directory. On failure the old file is untouched, the temporary
// is removed, and the error (kIoError) names the path and the failing call.
Status WriteAtomically(const std::string& path, std::string_view text);

}  // namespace nianbao::app
