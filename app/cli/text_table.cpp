#include "app/cli/text_table.h"

#include <algorithm>

#include "common/utf8.h"

namespace nianbao::app {
namespace {

// The wide ranges of Unicode's East Asian Width property that occur in
// Chinese text: CJK ideographs, punctuation, fullwidth forms, Hangul, kana.
bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool IsZeroWidth(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B ||
         (cp >= 0xFE00 && cp <= 0xFE0F);
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = NextCodePoint(text, i);
    if (IsZeroWidth(cp)) continue;
    else width += IsWide(cp) ? 2 : 1;
  }
  return width;
}

void TextTable::AlignRight(std::size_t i) {
  if (right_.size() <= i) right_.resize(i + 1, false);
  right_[i] = true;
}

std::string TextTable::Render() const {
  std::vector<int> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);

  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      int pad = widths[c] - DisplayWidth(cell);
      bool right = c < right_.size() && right_[c];
      if (c > 0) line += "  ";
      if (right) line.append(static_cast<std::size_t>(pad), ' ');
      line += cell;
      if (!right) line.append(static_cast<std::size_t>(pad), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(header_);
  std::vector<std::string> rule;
  for (int w : widths) rule.push_back(std::string(static_cast<std::size_t>(w), '-'));
  emit(rule);
  for (const auto& r : rows_) emit(r);
  return out;
}

}  // namespace nianbao::app
