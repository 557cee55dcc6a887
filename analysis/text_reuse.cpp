// Reuse is measured on normalised sentences because the typical copy keeps
// every sentence and edits only the figures ("收到申请3件" → "收到申请5件");
// stripping digits makes those sentences equal again. The shingle Jaccard is
// reported beside it to catch reuse hidden by re-punctuation. Boilerplate is
// matched on the normalised form with a short, documented marker list rather
// than a model, so the result is explainable to an assessor.
#include "analysis/text_reuse.h"

#include <unordered_set>

#include "common/utf8.h"

namespace nianbao::analysis {
namespace {

constexpr std::size_t kMinSentenceChars = 6;

// Markers of sentences every report carries because the form or the
// regulation requires them; matched against normalised text (no digits,
// spaces or punctuation).
const std::vector<std::u32string>& BoilerplateMarkers() {
  static const std::vector<std::u32string> kMarkers = {
      U"政府信息公开条例",          // 根据《中华人民共和国政府信息公开条例》…
      U"年度报告格式",              // 《…政府信息公开工作年度报告格式》
      U"国办公开办函",              // 〔2021〕30号 / 〔2019〕60号 notices
      U"本年度报告",                // 本年度报告中使用数据统计期限… / 本年度报告的电子版…
      U"本报告",                    // 本报告由…编制 / 本报告所列数据…
      U"如有疑问",                  // contact sentence
      U"如对本报告",                //   its variant
      U"政府信息公开工作年度报告",  // the title line
      U"数据统计期限",              // statistics period
      U"月日至月日",                //   "1月1日至12月31日" with digits removed
      U"联系电话",  U"邮编",  U"邮政编码", U"网址",  // contact details
      U"主动公开政府信息情况",      // section and table captions
      U"收到和处理政府信息公开申请情况",
      U"政府信息公开行政复议行政诉讼情况",
      U"存在的主要问题及改进情况",
      U"其他需要报告的事项",
      U"总体情况",
  };
  return kMarkers;
}

// Decodes with common/utf8's strict rule: an invalid byte, an overlong form
// or a surrogate becomes U+FFFD (which IsDropped removes), so input is never
// rejected and malformed bytes never match real wording.
std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(NextCodePoint(s, i));
  return out;
}

bool IsSentenceEnd(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == U'!' || c == U'?' || c == U';' ||
         c == U'\n';
}

// Characters that carry no wording: digits, spaces, punctuation and symbols.
bool IsDropped(char32_t c) {
  if (c < 0x80) return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  if (c >= 0xFF10 && c <= 0xFF19) return true;        // full-width digits
  if (c >= 0xFF00 && c <= 0xFF0F) return true;        // full-width punctuation
  if (c >= 0xFF1A && c <= 0xFF20) return true;
  if (c >= 0xFF3B && c <= 0xFF40) return true;
  if (c >= 0xFF5B && c <= 0xFF65) return true;
  if (c >= 0x3000 && c <= 0x303F) return true;        // CJK punctuation: 、。〔〕《》「」…
  if (c >= 0x2000 && c <= 0x206F) return true;        // general punctuation: “”‘’—…
  if (c >= 0x2190 && c <= 0x27BF) return true;        // arrows, symbols (→)
  if (c == 0xA0 || c == 0xB7 || c == 0xFEFF || c == 0xFFFD) return true;
  return false;
}

bool IsBoilerplate(const std::u32string& sentence) {
  for (const std::u32string& m : BoilerplateMarkers()) {
    if (sentence.find(m) != std::u32string::npos) return true;
  }
  return false;
}

bool IsTableRow(const std::u32string& line) {
  return line.find(U'|') != std::u32string::npos || line.find(U'\t') != std::u32string::npos;
}

void AddSentence(const std::u32string& raw, std::vector<std::u32string>* out) {
  std::u32string norm;
  for (char32_t c : raw) {
    if (!IsDropped(c)) norm.push_back(c);
  }
  if (norm.size() >= kMinSentenceChars && !IsBoilerplate(norm)) out->push_back(std::move(norm));
}

std::unordered_set<std::u32string> Shingles(const std::vector<std::u32string>& sentences) {
  std::u32string all;
  for (const auto& s : sentences) all += s;
  std::unordered_set<std::u32string> out;
  if (all.empty()) return out;
  if (all.size() < static_cast<std::size_t>(kShingleLength)) {
    out.insert(all);
    return out;
  }
  for (std::size_t i = 0; i + kShingleLength <= all.size(); ++i) out.insert(all.substr(i, kShingleLength));
  return out;
}

double Jaccard(const std::unordered_set<std::u32string>& a, const std::unordered_set<std::u32string>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& s : a) common += b.count(s);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

std::vector<std::u32string> ReuseSentences(std::string_view text) {
  std::vector<std::u32string> out;
  const std::u32string all = DecodeUtf8(text);
  std::size_t line_start = 0;
  while (line_start <= all.size()) {
    std::size_t line_end = all.find(U'\n', line_start);
    if (line_end == std::u32string::npos) line_end = all.size();
    const std::u32string line = all.substr(line_start, line_end - line_start);
    if (!IsTableRow(line)) {
      std::u32string raw;
      for (char32_t c : line) {
        if (IsSentenceEnd(c)) {
          AddSentence(raw, &out);
          raw.clear();
        } else {
          raw.push_back(c);
        }
      }
      AddSentence(raw, &out);
    }
    line_start = line_end + 1;
  }
  return out;
}

TextReuse CompareTexts(std::string_view previous, std::string_view current) {
  const std::vector<std::u32string> prev = ReuseSentences(previous);
  const std::vector<std::u32string> cur = ReuseSentences(current);
  const std::unordered_set<std::u32string> prev_set(prev.begin(), prev.end());
  TextReuse r;
  r.sentences_compared = static_cast<int>(cur.size());
  int found = 0;
  for (const auto& s : cur) found += prev_set.count(s) ? 1 : 0;
  r.sentence_reuse = cur.empty() ? 0 : static_cast<double>(found) / static_cast<double>(cur.size());
  r.shingle_similarity = Jaccard(Shingles(prev), Shingles(cur));
  r.reused = r.sentence_reuse > kReuseThreshold;
  return r;
}

}  // namespace nianbao::analysis
