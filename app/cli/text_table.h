// TextTable: aligned columns for human output in a terminal, measuring text by
// display width (East Asian wide characters take two columns), so tables of
// Chinese agency names line up. Plain data; Render() is pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nianbao::app {

// Columns `text` occupies on a terminal: 2 for wide/fullwidth code points,
// 0 for combining marks and control characters, 1 otherwise. Invalid UTF-8
// bytes count 1 each.
int DisplayWidth(std::string_view text);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  // REQUIRES: row.size() == header size.
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Marks column `i` as numeric: right-aligned.
  void AlignRight(std::size_t i);
  bool empty() const { return rows_.empty(); }
  // Header, a rule, the rows; two spaces between columns; no trailing spaces.
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> right_;
};

}  // namespace nianbao::app
