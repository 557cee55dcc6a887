// A lexer of just enough TOML to know whether a byte is inside a string or a
// comment; everything else about the file is toml++'s to judge.
#include "app/config/toml_guard.h"

namespace nianbao::app {
namespace {

// The index just past the string that opens at `i` (a quote), or text.size()
// when it does not close: toml++ reports that itself.
std::size_t SkipString(std::string_view text, std::size_t i) {
  const char quote = text[i];
  const bool multiline = text.substr(i, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
  const std::string_view close = multiline ? text.substr(i, 3) : text.substr(i, 1);
  std::size_t j = i + close.size();
  while (j < text.size()) {
    if (quote == '"' && text[j] == '\\') {
      j += 2;  // an escape never ends the string
      continue;
    }
    if (!multiline && text[j] == '\n') return j;  // unterminated: toml++ says so
    if (text.substr(j, close.size()) == close) return j + close.size();
    ++j;
  }
  return text.size();
}

}  // namespace

Status CheckBareAscii(std::string_view text, const std::string& name) {
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  int line = 1;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const std::size_t end = SkipString(text, i);
      for (std::size_t k = i; k < end; ++k) line += text[k] == '\n';
      i = end;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      return InvalidArgument(name + ":" + std::to_string(line) +
                             ": a character that is not ASCII stands outside a string or comment (quote it)");
    } else {
      line += c == '\n';
      ++i;
    }
  }
  return Status::Ok();
}

}  // namespace nianbao::app
