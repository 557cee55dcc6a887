#include "parser/html/nesting_bound.h"

#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace nianbao::parser {
namespace {

// Tag names are compared as hashes of their lower-case spelling: cheap to keep
// on a stack, and a collision only makes the estimate a little off.
using TagId = std::uint64_t;

TagId HashName(std::string_view name) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : name) {
    const char lc = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    h = (h ^ static_cast<unsigned char>(lc)) * 1099511628211ull;
  }
  return h;
}

// HashName for lower-case literals, at compile time (consteval: as constexpr
// the sets below were hashed afresh for every tag of every page).
consteval TagId Id(std::string_view n) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : n) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

bool In(TagId id, std::initializer_list<TagId> set) {
  for (TagId t : set) {
    if (t == id) return true;
  }
  return false;
}

bool IsVoid(TagId t) {
  return In(t, {Id("area"), Id("base"), Id("br"), Id("col"), Id("embed"), Id("hr"), Id("img"),
                Id("input"), Id("keygen"), Id("link"), Id("meta"), Id("param"), Id("source"),
                Id("track"), Id("wbr"), Id("basefont"), Id("bgsound"), Id("frame"), Id("image")});
}

bool IsRawText(TagId t) {
  return In(t, {Id("script"), Id("style"), Id("textarea"), Id("title"), Id("xmp"), Id("iframe"),
                Id("noembed"), Id("noframes")});
}

// Start tags that implicitly close an open <p> (HTML's "close a p element").
bool ClosesP(TagId t) {
  return In(t, {Id("p"), Id("div"), Id("table"), Id("ul"), Id("ol"), Id("li"), Id("dl"), Id("dd"),
                Id("dt"), Id("h1"), Id("h2"), Id("h3"), Id("h4"), Id("h5"), Id("h6"), Id("pre"),
                Id("blockquote"), Id("section"), Id("article"), Id("aside"), Id("nav"),
                Id("header"), Id("footer"), Id("form"), Id("center"), Id("address"),
                Id("fieldset"), Id("figure"), Id("main"), Id("menu"), Id("details")});
}

bool IsScopeBarrier(TagId t) {
  return In(t, {Id("table"), Id("td"), Id("th"), Id("caption"), Id("html"), Id("button"),
                Id("object"), Id("marquee"), Id("applet"), Id("template"), Id("select")});
}

// Searching further than this is not worth it: missing a match only
// overestimates the depth, which errs on the safe side.
constexpr std::size_t kMaxSearch = 128;

class Scanner {
 public:
  Scanner(std::string& html, int max_depth) : s_(html), max_depth_(max_depth) {}

  bool Run();

 private:
  std::size_t TagEnd(std::size_t p) const;
  std::size_t SkipRawText(std::size_t p, std::string_view name) const;
  void StartTag(TagId id, std::size_t begin, std::size_t end);
  void EndTag(TagId id, std::size_t begin, std::size_t end);
  // Pops through the nearest of `targets` when found before one of `barriers`
  // (or, with `scoped`, before any element that bounds HTML's default scope).
  void CloseImplied(std::initializer_list<TagId> targets, std::initializer_list<TagId> barriers,
                    bool scoped);
  void Drop(std::size_t begin, std::size_t end) { drops_.emplace_back(begin, end); }
  void ApplyDrops();

  std::string& s_;
  const int max_depth_;
  std::vector<TagId> stack_;
  std::unordered_map<TagId, std::size_t> dropped_open_;
  std::vector<std::pair<std::size_t, std::size_t>> drops_;
};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Mirrors HTML's tokenizer closely enough: a quote opens a quoted value only
// right after '='.
std::size_t Scanner::TagEnd(std::size_t p) const {
  const std::size_t n = s_.size();
  while (p < n) {
    const char c = s_[p];
    if (c == '>') return p + 1;
    ++p;
    if (c != '=') continue;
    while (p < n && IsSpace(s_[p])) ++p;
    if (p < n && (s_[p] == '"' || s_[p] == '\'')) {
      const std::size_t q = s_.find(s_[p], p + 1);
      if (q == std::string::npos) return n;
      p = q + 1;
    }
  }
  return n;
}

// Position of the "</name" that ends a raw-text element, or the end.
std::size_t Scanner::SkipRawText(std::size_t p, std::string_view name) const {
  const std::size_t n = s_.size();
  while ((p = s_.find("</", p)) != std::string::npos) {
    if (p + 2 + name.size() <= n && strncasecmp(s_.data() + p + 2, name.data(), name.size()) == 0) {
      return p;
    }
    p += 2;
  }
  return n;
}

void Scanner::CloseImplied(std::initializer_list<TagId> targets,
                           std::initializer_list<TagId> barriers, bool scoped) {
  const std::size_t limit = std::min(stack_.size(), kMaxSearch);
  for (std::size_t k = 0; k < limit; ++k) {
    const TagId t = stack_[stack_.size() - 1 - k];
    if (In(t, targets)) {
      stack_.resize(stack_.size() - 1 - k);
      return;
    }
    if (In(t, barriers) || (scoped && IsScopeBarrier(t))) return;
  }
}

// HTML ignores "/>" on normal elements (still an open tag), so it is not read.
void Scanner::StartTag(TagId id, std::size_t begin, std::size_t end) {
  if (IsVoid(id)) return;
  if (ClosesP(id)) CloseImplied({Id("p")}, {}, true);
  if (id == Id("li")) CloseImplied({Id("li")}, {Id("ul"), Id("ol")}, true);
  if (id == Id("dd") || id == Id("dt")) CloseImplied({Id("dd"), Id("dt")}, {Id("dl")}, true);
  if (id == Id("td") || id == Id("th")) {
    CloseImplied({Id("td"), Id("th")}, {Id("tr"), Id("table")}, false);
  }
  if (id == Id("tr")) {
    CloseImplied({Id("tr")}, {Id("table"), Id("thead"), Id("tbody"), Id("tfoot")}, false);
  }
  if (id == Id("thead") || id == Id("tbody") || id == Id("tfoot")) {
    CloseImplied({Id("thead"), Id("tbody"), Id("tfoot")}, {Id("table")}, false);
  }
  if (id == Id("option")) CloseImplied({Id("option")}, {Id("select")}, false);
  // Raw-text elements cannot nest, so keeping them costs one level at most, and
  // dropping one would expose its body to the parser as markup.
  if (static_cast<int>(stack_.size()) >= max_depth_ && !IsRawText(id)) {
    Drop(begin, end);
    ++dropped_open_[id];
    return;
  }
  stack_.push_back(id);
}

void Scanner::EndTag(TagId id, std::size_t begin, std::size_t end) {
  auto it = dropped_open_.find(id);
  if (it != dropped_open_.end() && it->second > 0) {
    --it->second;
    Drop(begin, end);
    return;
  }
  const std::size_t limit = std::min(stack_.size(), kMaxSearch);
  for (std::size_t k = 0; k < limit; ++k) {
    if (stack_[stack_.size() - 1 - k] == id) {
      stack_.resize(stack_.size() - 1 - k);
      return;
    }
  }
}

bool Scanner::Run() {
  const std::size_t n = s_.size();
  std::size_t i = 0;
  while (i < n) {
    const char* lt = static_cast<const char*>(std::memchr(s_.data() + i, '<', n - i));
    if (lt == nullptr) break;
    i = static_cast<std::size_t>(lt - s_.data());
    if (s_.compare(i, 4, "<!--") == 0) {
      const std::size_t e = s_.find("-->", i + 4);
      i = (e == std::string::npos) ? n : e + 3;
      continue;
    }
    if (i + 1 < n && (s_[i + 1] == '!' || s_[i + 1] == '?')) {
      const std::size_t e = s_.find('>', i + 2);
      i = (e == std::string::npos) ? n : e + 1;
      continue;
    }
    const bool is_end = i + 1 < n && s_[i + 1] == '/';
    const std::size_t name_begin = i + (is_end ? 2 : 1);
    if (name_begin >= n || !IsAsciiAlpha(s_[name_begin])) {
      ++i;
      continue;
    }
    std::size_t name_end = name_begin;
    while (name_end < n && !IsSpace(s_[name_end]) && s_[name_end] != '/' && s_[name_end] != '>') {
      ++name_end;
    }
    const std::string_view name(s_.data() + name_begin, name_end - name_begin);
    const TagId id = HashName(name);
    const std::size_t end = TagEnd(name_end);
    if (is_end) {
      EndTag(id, i, end);
      i = end;
      continue;
    }
    StartTag(id, i, end);
    if (id == Id("plaintext")) break;
    i = IsRawText(id) ? SkipRawText(end, name) : end;
  }
  if (drops_.empty()) return false;
  ApplyDrops();
  return true;
}

void Scanner::ApplyDrops() {
  std::size_t out = 0;
  std::size_t in = 0;
  for (const auto& [b, e] : drops_) {
    std::memmove(s_.data() + out, s_.data() + in, b - in);
    out += b - in;
    in = e;
  }
  std::memmove(s_.data() + out, s_.data() + in, s_.size() - in);
  out += s_.size() - in;
  s_.resize(out);
}

}  // namespace

bool BoundNesting(std::string& html, int max_depth) {
  if (max_depth < 1) max_depth = 1;
  return Scanner(html, max_depth).Run();
}

}  // namespace nianbao::parser
