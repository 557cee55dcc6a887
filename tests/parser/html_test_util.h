// Helpers shared by the parser-html suites: fixture files and charset
// conversion for building non-UTF-8 pages in the test itself.
#pragma once

#include <iconv.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace nianbao::parser::testing {

inline std::string ReadFixture(const std::string& relative) {
  const std::string path = std::string(NIANBAO_SOURCE_DIR) + "/tests/fixtures/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// UTF-8 → `charset` through iconv; throws when a character does not fit.
inline std::string Encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open failed");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  const std::size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) throw std::runtime_error("cannot encode test text");
  out.resize(out.size() - o_left);
  return out;
}

}  // namespace nianbao::parser::testing
