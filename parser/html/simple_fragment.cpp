// Why the subset is safe: gumbo builds a tree that differs from the source's
// nesting only through its error recovery (implied end tags, the adoption
// agency, foster parenting, reconstructed formatting elements, head/body
// placement), and each of those needs something refused here: an end tag out
// of order, a tag that closes another implicitly (li in li, a in a, p), table
// or head content, or markup gumbo reads differently from text (references,
// comments, raw text). Leading whitespace, which gumbo drops before <html>,
// is whitespace TextBuilder drops too. Block boundaries come from NodeText's
// own rule (IsTextBlockBoundary), so the text is built the same way.
#include "parser/html/simple_fragment.h"

#include <gumbo.h>

#include <array>
#include <vector>

#include "common/utf8.h"
#include "parser/html/html_document.h"
#include "parser/text_builder.h"

namespace nianbao::parser {
namespace {

bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

struct TagInfo {
  std::string_view name;
  GumboTag tag;
  bool is_void;
};

// The tags accepted: none of them closes another implicitly or changes the
// insertion mode, given the nesting rules Reader enforces.
constexpr std::array<TagInfo, 14> kTags{{
    {"a", GUMBO_TAG_A, false},         {"span", GUMBO_TAG_SPAN, false},
    {"font", GUMBO_TAG_FONT, false},   {"em", GUMBO_TAG_EM, false},
    {"b", GUMBO_TAG_B, false},         {"strong", GUMBO_TAG_STRONG, false},
    {"i", GUMBO_TAG_I, false},         {"u", GUMBO_TAG_U, false},
    {"small", GUMBO_TAG_SMALL, false}, {"label", GUMBO_TAG_LABEL, false},
    {"div", GUMBO_TAG_DIV, false},     {"li", GUMBO_TAG_LI, false},
    {"br", GUMBO_TAG_BR, true},        {"img", GUMBO_TAG_IMG, true},
}};

const TagInfo* FindTag(std::string_view name) {
  for (const TagInfo& t : kTags) {
    if (EqualsNoCase(name, t.name)) return &t;
  }
  return nullptr;
}

// Far below HtmlLimits::max_depth, so HtmlDocument would flatten nothing.
constexpr std::size_t kMaxOpen = 64;

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  std::optional<SimpleFragment> Run() {
    if (!Screen()) return std::nullopt;
    while (i_ < s_.size()) {
      const std::size_t lt = s_.find('<', i_);
      const std::size_t end = lt == std::string_view::npos ? s_.size() : lt;
      if (end > i_) Text(s_.substr(i_, end - i_));
      if (lt == std::string_view::npos) break;
      i_ = lt;
      if (!Tag()) return std::nullopt;
    }
    // Elements left open end with the input, as gumbo closes them.
    while (!open_.empty()) Close();
    out_.text = root_text_.Take();
    if (out_.first_link) out_.first_link->text = link_text_.Take();
    return std::move(out_);
  }

 private:
  // Bytes gumbo treats specially anywhere, and invalid UTF-8, are refused up front.
  bool Screen() const {
    std::size_t i = 0;
    while (i < s_.size()) {
      const char c = s_[i];
      if (c == '&' || c == '\0' || c == '\r') return false;
      const std::size_t start = i;
      if (static_cast<unsigned char>(c) < 0x80) {
        ++i;
        continue;
      }
      if (NextCodePoint(s_, i) == 0xFFFD && i - start == 1) return false;
    }
    return true;
  }

  void Text(std::string_view t) {
    root_text_.Append(t);
    if (link_open_) link_text_.Append(t);
  }

  void Boundary() {
    root_text_.Break();
    if (link_open_) link_text_.Break();
  }

  struct Open {
    const TagInfo* info;
    bool is_link;  // the first link, whose text is being collected
  };

  void Close() {
    const Open o = open_.back();
    open_.pop_back();
    if (IsTextBlockBoundary(o.info->tag)) Boundary();
    if (o.is_link) link_open_ = false;
  }

  bool InsideOpen(const TagInfo* info) const {
    for (const Open& o : open_) {
      if (o.info == info) return true;
    }
    return false;
  }

  // One attribute value at i_ (after '='), unquoted or quoted.
  bool Value(std::string_view& value) {
    if (i_ >= s_.size()) return false;
    const char q = s_[i_];
    if (q == '"' || q == '\'') {
      const std::size_t close = s_.find(q, i_ + 1);
      if (close == std::string_view::npos) return false;
      value = s_.substr(i_ + 1, close - i_ - 1);
      i_ = close + 1;
      return true;
    }
    const std::size_t start = i_;
    while (i_ < s_.size() && !IsTagSpace(s_[i_]) && s_[i_] != '>') {
      const char c = s_[i_];
      if (c == '"' || c == '\'' || c == '<' || c == '=' || c == '`') return false;
      ++i_;
    }
    value = s_.substr(start, i_ - start);
    return !value.empty();
  }

  bool Tag() {
    std::size_t p = i_ + 1;
    const bool is_end = p < s_.size() && s_[p] == '/';
    if (is_end) ++p;
    const std::size_t name_start = p;
    if (p >= s_.size() || !IsAlpha(s_[p])) return false;
    while (p < s_.size() && IsAlnum(s_[p])) ++p;
    const TagInfo* info = FindTag(s_.substr(name_start, p - name_start));
    if (info == nullptr || p >= s_.size()) return false;
    i_ = p;
    if (is_end) {
      while (i_ < s_.size() && IsTagSpace(s_[i_])) ++i_;
      if (i_ >= s_.size() || s_[i_] != '>') return false;
      ++i_;
      if (open_.empty() || open_.back().info != info) return false;  // out of order, or a void end tag
      Close();
      return true;
    }
    std::optional<std::string_view> href, title;
    bool self_closing = false;
    while (true) {
      const std::size_t before = i_;
      while (i_ < s_.size() && IsTagSpace(s_[i_])) ++i_;
      if (i_ >= s_.size()) return false;
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      if (s_[i_] == '/') {
        if (i_ + 1 >= s_.size() || s_[i_ + 1] != '>') return false;
        self_closing = true;
        i_ += 2;
        break;
      }
      if (i_ == before) return false;  // attributes are separated by whitespace
      const std::size_t name_start_attr = i_;
      if (!IsAlpha(s_[i_])) return false;
      while (i_ < s_.size() && (IsAlnum(s_[i_]) || s_[i_] == '-' || s_[i_] == '_' || s_[i_] == ':')) ++i_;
      const std::string_view name = s_.substr(name_start_attr, i_ - name_start_attr);
      std::size_t after_name = i_;
      while (i_ < s_.size() && IsTagSpace(s_[i_])) ++i_;
      std::string_view value;
      if (i_ < s_.size() && s_[i_] == '=') {
        ++i_;
        while (i_ < s_.size() && IsTagSpace(s_[i_])) ++i_;
        if (!Value(value)) return false;
      } else {
        i_ = after_name;  // a name alone; whitespace is read as the separator
      }
      // As gumbo keeps the first of repeated attributes.
      if (EqualsNoCase(name, "href") && !href) href = value;
      if (EqualsNoCase(name, "title") && !title) title = value;
    }
    if (self_closing && !info->is_void) return false;  // gumbo would open it
    const bool is_link_tag = info->tag == GUMBO_TAG_A;
    if ((is_link_tag || info->tag == GUMBO_TAG_LI) && InsideOpen(info)) return false;  // implied end tags
    if (IsTextBlockBoundary(info->tag)) Boundary();
    if (info->is_void) {
      if (IsTextBlockBoundary(info->tag)) Boundary();
      return true;
    }
    // Deep nesting is the nesting bound's business (HtmlDocument flattens it).
    if (open_.size() >= kMaxOpen) return false;
    bool starts_link = false;
    if (is_link_tag && !out_.first_link && href && !href->empty()) {
      out_.first_link = SimpleFragment::Link{std::string(*href), std::string(title.value_or("")), {}};
      starts_link = link_open_ = true;
    }
    open_.push_back({info, starts_link});
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<Open> open_;
  TextBuilder root_text_;
  TextBuilder link_text_;
  bool link_open_ = false;
  SimpleFragment out_;
};

}  // namespace

std::optional<SimpleFragment> ReadSimpleFragment(std::string_view html) { return Reader(html).Run(); }

}  // namespace nianbao::parser
