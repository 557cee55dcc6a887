#include "parser/text_builder.h"

namespace nianbao::parser {

bool IsCjk(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
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

void TextBuilder::Append(std::string_view utf8) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::size_t start = i;
    const char32_t cp = NextCodePoint(utf8, i);
    if (IsCollapsible(cp)) {
      pending_space_ = true;
      if (cp == '\n' || cp == '\r') pending_newline_ = true;
      continue;
    }
    if (IsZeroWidth(cp)) continue;  // zero-width: neither text nor space
    EmitPending(cp);
    if (cp == 0xFFFD && i - start == 1) {
      AppendUtf8(out_, cp);  // an invalid byte: keep the output valid UTF-8
    } else {
      out_.append(utf8.substr(start, i - start));
    }
    last_ = cp;
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
