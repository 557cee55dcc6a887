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

// Tag sets as switches over compile-time hashes (a duplicate hash would not compile).
bool IsVoid(TagId t) {
  switch (t) {
    case Id("area"): case Id("base"): case Id("br"): case Id("col"): case Id("embed"): case Id("hr"): case Id("img"): case Id("input"): case Id("keygen"): case Id("link"): case Id("meta"): case Id("param"): case Id("source"): case Id("track"): case Id("wbr"): case Id("basefont"): case Id("bgsound"): case Id("frame"): case Id("image"):
      return true;
    default:
      return false;
  }
}

bool IsRawText(TagId t) {
  switch (t) {
    case Id("script"): case Id("style"): case Id("textarea"): case Id("title"): case Id("xmp"): case Id("iframe"): case Id("noembed"): case Id("noframes"):
      return true;
    default:
      return false;
  }
}

// Start tags that implicitly close an open <p> (HTML's "close a p element").
bool ClosesP(TagId t) {
  switch (t) {
    case Id("p"): case Id("div"): case Id("table"): case Id("ul"): case Id("ol"): case Id("li"): case Id("dl"): case Id("dd"): case Id("dt"): case Id("h1"): case Id("h2"): case Id("h3"): case Id("h4"): case Id("h5"): case Id("h6"): case Id("pre"): case Id("blockquote"): case Id("section"): case Id("article"): case Id("aside"): case Id("nav"): case Id("header"): case Id("footer"): case Id("form"): case Id("center"): case Id("address"): case Id("fieldset"): case Id("figure"): case Id("main"): case Id("menu"): case Id("details"):
      return true;
    default:
      return false;
  }
}

bool IsScopeBarrier(TagId t) {
  switch (t) {
    case Id("table"): case Id("td"): case Id("th"): case Id("caption"): case Id("html"): case Id("button"): case Id("object"): case Id("marquee"): case Id("applet"): case Id("template"): case Id("select"):
      return true;
    default:
      return false;
  }
}

// The elements CloseImplied looks for, counted while open so that a search
// for one that is not open is skipped; the search's result is the same.
enum Tracked : int { kNone = -1, kP, kLi, kDdDt, kCell, kTr, kSection, kOption, kTrackedCount };

Tracked TrackedOf(TagId t) {
  switch (t) {
    case Id("p"): return kP;
    case Id("li"): return kLi;
    case Id("dd"): case Id("dt"): return kDdDt;
    case Id("td"): case Id("th"): return kCell;
    case Id("tr"): return kTr;
    case Id("thead"): case Id("tbody"): case Id("tfoot"): return kSection;
    case Id("option"): return kOption;
    default: return kNone;
  }
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
  // `kind` is what the targets are counted as; nothing is searched when none is open.
  void CloseImplied(Tracked kind, std::initializer_list<TagId> targets, std::initializer_list<TagId> barriers,
                    bool scoped);
  void Push(TagId id);
  void PopTo(std::size_t size);
  void Drop(std::size_t begin, std::size_t end) { drops_.emplace_back(begin, end); }
  void ApplyDrops();

  std::string& s_;
  const int max_depth_;
  std::vector<TagId> stack_;
  std::vector<Tracked> kinds_;  // TrackedOf each stack_ entry
  std::size_t open_[kTrackedCount] = {};
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

void Scanner::Push(TagId id) {
  const Tracked kind = TrackedOf(id);
  if (kind != kNone) ++open_[kind];
  stack_.push_back(id);
  kinds_.push_back(kind);
}

void Scanner::PopTo(std::size_t size) {
  for (std::size_t k = size; k < kinds_.size(); ++k) {
    if (kinds_[k] != kNone) --open_[kinds_[k]];
  }
  stack_.resize(size);
  kinds_.resize(size);
}

void Scanner::CloseImplied(Tracked kind, std::initializer_list<TagId> targets,
                           std::initializer_list<TagId> barriers, bool scoped) {
  if (open_[kind] == 0) return;
  const std::size_t limit = std::min(stack_.size(), kMaxSearch);
  for (std::size_t k = 0; k < limit; ++k) {
    const TagId t = stack_[stack_.size() - 1 - k];
    if (In(t, targets)) {
      PopTo(stack_.size() - 1 - k);
      return;
    }
    if (In(t, barriers) || (scoped && IsScopeBarrier(t))) return;
  }
}

// HTML ignores "/>" on normal elements (still an open tag), so it is not read.
void Scanner::StartTag(TagId id, std::size_t begin, std::size_t end) {
  if (IsVoid(id)) return;
  if (ClosesP(id)) CloseImplied(kP, {Id("p")}, {}, true);
  if (id == Id("li")) CloseImplied(kLi, {Id("li")}, {Id("ul"), Id("ol")}, true);
  if (id == Id("dd") || id == Id("dt")) CloseImplied(kDdDt, {Id("dd"), Id("dt")}, {Id("dl")}, true);
  if (id == Id("td") || id == Id("th")) {
    CloseImplied(kCell, {Id("td"), Id("th")}, {Id("tr"), Id("table")}, false);
  }
  if (id == Id("tr")) {
    CloseImplied(kTr, {Id("tr")}, {Id("table"), Id("thead"), Id("tbody"), Id("tfoot")}, false);
  }
  if (id == Id("thead") || id == Id("tbody") || id == Id("tfoot")) {
    CloseImplied(kSection, {Id("thead"), Id("tbody"), Id("tfoot")}, {Id("table")}, false);
  }
  if (id == Id("option")) CloseImplied(kOption, {Id("option")}, {Id("select")}, false);
  // Raw-text elements cannot nest, so keeping them costs one level at most, and
  // dropping one would expose its body to the parser as markup.
  if (static_cast<int>(stack_.size()) >= max_depth_ && !IsRawText(id)) {
    Drop(begin, end);
    ++dropped_open_[id];
    return;
  }
  Push(id);
}

void Scanner::EndTag(TagId id, std::size_t begin, std::size_t end) {
  if (!dropped_open_.empty()) {
    auto it = dropped_open_.find(id);
    if (it != dropped_open_.end() && it->second > 0) {
      --it->second;
      Drop(begin, end);
      return;
    }
  }
  const std::size_t limit = std::min(stack_.size(), kMaxSearch);
  for (std::size_t k = 0; k < limit; ++k) {
    if (stack_[stack_.size() - 1 - k] == id) {
      PopTo(stack_.size() - 1 - k);
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
