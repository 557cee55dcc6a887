#include "parser/transcode.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

#include "parser/text_builder.h"

namespace nianbao::parser {
namespace {

// The U+FFFD replacement character in UTF-8.
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != ' ' && c != '"' && c != '\'') out.push_back(c);
  }
  return out;
}

bool OneOf(const std::string& s, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) if (s == n) return true;
  return false;
}

// Owns one iconv conversion descriptor.
class Iconv {
 public:
  explicit Iconv(const char* from) : cd_(iconv_open("UTF-8", from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

std::string IconvName(const std::string& canonical) {
  // HKSCS extends Big5 with the characters Taiwanese and Hong Kong pages use.
  if (canonical == "big5") return "BIG5-HKSCS";
  std::string up;
  for (char c : canonical) up.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  return up;
}

}  // namespace

std::string CanonicalCharset(std::string_view label) {
  const std::string s = Lower(label);
  if (s.empty()) return s;
  // WHATWG folds GBK and GB2312 into GB18030, its superset.
  if (OneOf(s, {"gbk", "gb2312", "gb_2312-80", "gb_2312", "gb18030", "x-gbk", "cp936", "ms936",
                "windows-936", "euc-cn", "csgb2312", "chinese", "iso-ir-58", "gb-2312"})) {
    return "gb18030";
  }
  if (OneOf(s, {"big5", "big5-hkscs", "big5hkscs", "cn-big5", "x-x-big5", "csbig5", "cp950"})) {
    return "big5";
  }
  if (OneOf(s, {"utf-8", "utf8", "unicode-1-1-utf-8", "ascii", "us-ascii"})) return "utf-8";
  if (OneOf(s, {"iso-8859-1", "latin1", "l1", "windows-1252", "cp1252", "iso8859-1"})) {
    return "windows-1252";
  }
  if (OneOf(s, {"utf-16", "utf-16le"})) return "utf-16le";
  return s;
}

namespace {

// The end of the ASCII run starting at `i`, eight bytes at a time.
std::size_t AsciiRunEnd(std::string_view bytes, std::size_t i) {
  while (i + 8 <= bytes.size()) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    if ((word & 0x8080808080808080ull) != 0) break;
    i += 8;
  }
  while (i < bytes.size() && static_cast<unsigned char>(bytes[i]) < 0x80) ++i;
  return i;
}

}  // namespace

// Valid stretches are copied whole; only an invalid byte breaks a stretch.
Transcoded ValidateUtf8(std::string_view bytes) {
  Transcoded out;
  out.utf8.reserve(bytes.size());
  std::size_t copied = 0;  // bytes [copied, i) are valid and not yet copied
  std::size_t i = 0;
  while ((i = AsciiRunEnd(bytes, i)) < bytes.size()) {
    const std::size_t start = i;
    const char32_t cp = NextCodePoint(bytes, i);
    if (cp == 0xFFFD && i - start == 1) {
      out.utf8.append(bytes.substr(copied, start - copied));
      out.utf8.append(kReplacement);
      ++out.invalid;
      copied = i;
    }
  }
  out.utf8.append(bytes.substr(copied));
  return out;
}

bool IsValidUtf8(std::string_view bytes, std::size_t* leads) {
  std::size_t n = 0;
  std::size_t i = 0;
  while ((i = AsciiRunEnd(bytes, i)) < bytes.size()) {
    const std::size_t start = i;
    if (NextCodePoint(bytes, i) == 0xFFFD && i - start == 1) return false;
    ++n;
  }
  if (leads != nullptr) *leads = n;
  return true;
}

namespace {

// Converts one stretch of non-ASCII text; false on any error.
bool ConvertClean(iconv_t cd, std::string_view stretch, std::string& out) {
  char buf[4096];
  // iconv's C interface wants non-const input pointers; it does not write them.
  char* in = const_cast<char*>(stretch.data());
  std::size_t in_left = stretch.size();
  while (in_left > 0) {
    char* o = buf;
    std::size_t o_left = sizeof(buf);
    const std::size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf, static_cast<std::size_t>(o - buf));
    if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) return false;
  }
  return true;
}

// GB18030 is ASCII-compatible and stateless: a byte below 0x80 at a character
// boundary is that ASCII character. Pages are mostly ASCII markup, so only the
// non-ASCII stretches go through iconv, cut by the code's structure (a lead
// byte takes one trail byte, or three when the next is a digit). When every
// stretch converts cleanly each one began at a character boundary, so the text
// is what converting it whole gives; on any error the caller converts it whole.
std::optional<std::string> Gb18030ByStretches(iconv_t cd, std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 16);
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    const std::size_t j = AsciiRunEnd(bytes, i);
    out.append(bytes.data() + i, j - i);
    if (j == n) break;
    std::size_t k = j;
    while (k < n && static_cast<unsigned char>(bytes[k]) >= 0x80) {
      k += (k + 1 < n && bytes[k + 1] >= '0' && bytes[k + 1] <= '9') ? 4 : 2;
    }
    if (k > n || !ConvertClean(cd, bytes.substr(j, k - j), out)) return std::nullopt;
    i = k;
  }
  return out;
}

}  // namespace

std::optional<Transcoded> TranscodeToUtf8(std::string_view bytes, const std::string& charset) {
  if (charset == "utf-8") return ValidateUtf8(bytes);
  Iconv cd(IconvName(charset).c_str());
  if (!cd.ok()) return std::nullopt;
  if (charset == "gb18030") {
    if (std::optional<std::string> fast = Gb18030ByStretches(cd.get(), bytes)) {
      Transcoded out;
      out.utf8 = std::move(*fast);
      return out;
    }
    iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);
  }
  Transcoded out;
  out.utf8.reserve(bytes.size() * 3 / 2 + 16);
  char buf[16384];
  // iconv's C interface wants non-const input pointers; it does not write them.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buf;
    std::size_t o_left = sizeof(buf);
    const std::size_t rc = iconv(cd.get(), &in, &in_left, &o, &o_left);
    out.utf8.append(buf, static_cast<std::size_t>(o - buf));
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ (bad sequence) or EINVAL (truncated at the end): replace one byte
    // and resynchronise on the next.
    out.utf8.append(kReplacement);
    ++out.invalid;
    ++in;
    --in_left;
    iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);
  }
  char* o = buf;
  std::size_t o_left = sizeof(buf);
  iconv(cd.get(), nullptr, nullptr, &o, &o_left);
  out.utf8.append(buf, static_cast<std::size_t>(o - buf));
  return out;
}

}  // namespace nianbao::parser
