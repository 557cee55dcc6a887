#include "parser/text_builder.h"

namespace nianbao::parser {

bool IsCjk(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

namespace {
bool IsCollapsible(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
         cp == 0x3000;
}
bool IsZeroWidth(char32_t cp) { return cp == 0x200B || cp == 0xFEFF; }
}  // namespace

bool IsBlank(std::string_view utf8) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    const char32_t cp = NextCodePoint(utf8, i);
    if (!IsCollapsible(cp) && !IsZeroWidth(cp)) return false;
  }
  return true;
}

void TextBuilder::Break() { pending_space_ = true; }

void TextBuilder::EmitPending(char32_t next) {
  if (!pending_space_) return;
  const bool joins_cjk = pending_newline_ && IsCjk(last_) && IsCjk(next);
  if (!out_.empty() && !joins_cjk) out_.push_back(' ');
  pending_space_ = false;
  pending_newline_ = false;
}

namespace {
// The code point at `i`, advancing `i`; ASCII without a call.
char32_t Next(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  return NextCodePoint(s, i);
}
bool IsInvalid(char32_t cp, std::size_t start, std::size_t end) { return cp == 0xFFFD && end - start == 1; }
}  // namespace

// A run of characters that are neither space nor zero-width nor invalid is
// copied in one append: only its first character can follow a pending space.
void TextBuilder::Append(std::string_view utf8) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::size_t start = i;
    const char32_t cp = Next(utf8, i);
    if (IsCollapsible(cp)) {
      pending_space_ = true;
      if (cp == '\n' || cp == '\r') pending_newline_ = true;
      continue;
    }
    if (IsZeroWidth(cp)) continue;  // zero-width: neither text nor space
    EmitPending(cp);
    if (IsInvalid(cp, start, i)) {
      AppendUtf8(out_, cp);  // an invalid byte: keep the output valid UTF-8
      last_ = cp;
      continue;
    }
    char32_t last = cp;
    std::size_t end = i;
    while (end < utf8.size()) {
      std::size_t next = end;
      const char32_t c = Next(utf8, next);
      if (IsCollapsible(c) || IsZeroWidth(c) || IsInvalid(c, end, next)) break;
      last = c;
      end = next;
    }
    out_.append(utf8.data() + start, end - start);
    last_ = last;
    i = end;
  }
}

std::string TextBuilder::Take() {
  std::string s = std::move(out_);
  out_.clear();
  pending_space_ = pending_newline_ = false;
  last_ = 0;
  return s;
}

}  // namespace nianbao::parser
