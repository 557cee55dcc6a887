// Text reuse between two annual reports of one agency: how much of this year's
// prose is last year's with only the numbers changed (assessors deduct points
// above 50 % reuse). Statutory boilerplate that every report must contain
// (citations of the 条例 and the 格式 notice, "本年度报告…", "如有疑问…",
// table captions and table rows) is removed first, so two reports that share
// only the form are not flagged. Pure functions over UTF-8 text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nianbao::analysis {

inline constexpr double kReuseThreshold = 0.5;  // sentence_reuse above this is flagged
inline constexpr int kShingleLength = 8;        // characters (code points) per shingle

struct TextReuse {
  double sentence_reuse = 0;      // share of this year's sentences found in last year's, 0..1
  double shingle_similarity = 0;  // Jaccard of 8-character shingles over the kept text, 0..1
  int sentences_compared = 0;     // this year's sentences left after removing boilerplate
  bool reused = false;            // sentence_reuse > kReuseThreshold
};

// The sentences of `text` that count for reuse, normalised: split on 。！？；
// (and their ASCII forms) and line ends; lines that are table rows (contain
// '|' or a tab) dropped; digits (ASCII and full-width), whitespace and
// punctuation removed; boilerplate and fragments under 6 characters dropped.
std::vector<std::u32string> ReuseSentences(std::string_view text);

// Compares this year's body with last year's.
TextReuse CompareTexts(std::string_view previous, std::string_view current);

}  // namespace nianbao::analysis
