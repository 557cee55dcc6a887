// TextBuilder: accumulates text the way a reader sees it — runs of HTML
// whitespace (and &nbsp;, U+3000) collapse to one space, leading and trailing
// space is dropped, and a line break in the source between two CJK characters
// vanishes (Chinese has no spaces; the break is only source formatting).
// Callers mark element boundaries with Break(), which behaves like whitespace.
// Plain value type; Take() leaves it empty.
#pragma once

#include "common/utf8.h"  // NextCodePoint, AppendUtf8

#include <string>
#include <string_view>

namespace nianbao::parser {

class TextBuilder {
 public:
  void Append(std::string_view utf8);
  // A block boundary or <br>: separates words like whitespace does.
  void Break();
  bool empty() const { return out_.empty(); }
  const std::string& str() const { return out_; }
  std::size_t size() const { return out_.size(); }
  std::string Take();

 private:
  void EmitPending(char32_t next);

  std::string out_;
  bool pending_space_ = false;   // whitespace seen since the last character
  bool pending_newline_ = false; // ... and it held a source line break
  char32_t last_ = 0;            // last code point written
};

// True when `utf8` holds nothing but the whitespace TextBuilder collapses.
bool IsBlank(std::string_view utf8);

// True for code points of CJK ideographs, kana, CJK and full-width punctuation.
bool IsCjk(char32_t cp);


}  // namespace nianbao::parser
