#include "parser/decode.h"

#include <strings.h>
#include <uchardet/uchardet.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "parser/transcode.h"

namespace nianbao::parser {
namespace {

// Pages put their <meta charset> early; the HTML standard looks at 1 KiB, but
// Chinese CMS templates often push it behind long comments and scripts.
constexpr std::size_t kMetaScanBytes = 4096;
// uchardet needs a sample, not the whole of a 50 MB page.
constexpr std::size_t kDetectSampleBytes = 256 * 1024;
// Text that decodes as UTF-8 with this many multi-byte characters and no error
// is UTF-8 whatever the page says: GBK text almost never validates by chance.
constexpr std::size_t kUtf8Proof = 8;

struct UchardetDeleter {
  void operator()(uchardet_t ud) const { uchardet_delete(ud); }
};
using Uchardet = std::unique_ptr<std::remove_pointer_t<uchardet_t>, UchardetDeleter>;

struct Candidate {
  std::string charset;
  const char* evidence;
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::optional<Candidate> FromBom(std::string_view bytes, std::size_t& skip) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) { skip = 3; return Candidate{"utf-8", "bom"}; }
  if (StartsWith(bytes, "\xFF\xFE")) { skip = 2; return Candidate{"utf-16le", "bom"}; }
  if (StartsWith(bytes, "\xFE\xFF")) { skip = 2; return Candidate{"utf-16be", "bom"}; }
  return std::nullopt;
}

// The charset named by the first <meta> tag that names one, covering both
// <meta charset=x> and <meta http-equiv content="text/html; charset=x">.
std::string MetaCharset(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kMetaScanBytes);
  std::size_t p = 0;
  while (p < head.size()) {
    const std::size_t lt = head.find('<', p);
    if (lt == std::string_view::npos || lt + 5 > head.size()) break;
    p = lt + 1;
    if (strncasecmp(head.data() + lt, "<meta", 5) != 0) continue;
    const std::size_t gt = head.find('>', lt);
    const std::string_view tag = head.substr(lt, gt == std::string_view::npos ? head.npos : gt - lt);
    for (std::size_t k = 0; k + 7 <= tag.size(); ++k) {
      if (strncasecmp(tag.data() + k, "charset", 7) != 0) continue;
      std::size_t v = k + 7;
      while (v < tag.size() && (tag[v] == ' ' || tag[v] == '=' || tag[v] == '"' || tag[v] == '\'')) ++v;
      std::size_t e = v;
      while (e < tag.size() && (isalnum(static_cast<unsigned char>(tag[e])) || tag[e] == '-' ||
                                tag[e] == '_' || tag[e] == '.' || tag[e] == ':')) {
        ++e;
      }
      if (e > v) return std::string(tag.substr(v, e - v));
    }
  }
  return {};
}

std::string Detect(std::string_view bytes) {
  Uchardet ud(uchardet_new());
  if (!ud) return {};
  const std::string_view sample = bytes.substr(0, kDetectSampleBytes);
  if (uchardet_handle_data(ud.get(), sample.data(), sample.size()) != 0) return {};
  uchardet_data_end(ud.get());
  const char* name = uchardet_get_charset(ud.get());
  return name == nullptr ? std::string() : CanonicalCharset(name);
}

// Eight bytes at a time: the high bit of each byte, counted.
std::size_t NonAscii(std::string_view bytes) {
  std::size_t n = 0;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    n += static_cast<std::size_t>(std::popcount(word & 0x8080808080808080ull));
  }
  for (; i < bytes.size(); ++i) n += static_cast<unsigned char>(bytes[i]) >= 0x80;
  return n;
}

// A decode "fits" when at most 1% of the non-ASCII bytes were rejected: a page
// with a stray bad byte keeps its charset, a page in another charset does not.
bool Fits(const Transcoded& t, std::size_t non_ascii) { return t.invalid * 100 <= non_ascii; }

bool ProvablyUtf8(std::string_view bytes) {
  std::size_t leads = 0;
  return IsValidUtf8(bytes, &leads) && leads >= kUtf8Proof;
}

// Multi-byte charsets are evidence when they decode cleanly; single-byte ones
// decode anything, so they may not overrule what the page declared.
bool IsMultiByte(const std::string& cs) {
  return cs == "utf-8" || cs == "gb18030" || cs == "big5" || cs == "euc-tw" || cs == "euc-jp" ||
         cs == "shift_jis" || cs == "euc-kr" || cs == "utf-16le" || cs == "utf-16be";
}

DecodedText Make(Transcoded t, std::string charset, const char* evidence) {
  DecodedText d;
  d.utf8 = std::move(t.utf8);
  d.invalid_bytes = t.invalid;
  d.charset = std::move(charset);
  d.evidence = evidence;
  return d;
}

std::vector<Candidate> Declared(std::string_view bytes, std::string_view http_charset) {
  std::vector<Candidate> out;
  const std::string http = CanonicalCharset(http_charset);
  if (!http.empty()) out.push_back({http, "http"});
  const std::string meta = CanonicalCharset(MetaCharset(bytes));
  if (!meta.empty() && meta != http) out.push_back({meta, "meta"});
  return out;
}

}  // namespace

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view http_charset) {
  std::size_t skip = 0;
  if (std::optional<Candidate> bom = FromBom(bytes, skip)) {
    if (auto t = TranscodeToUtf8(bytes.substr(skip), bom->charset)) {
      return Make(std::move(*t), bom->charset, bom->evidence);
    }
  }
  const std::size_t non_ascii = NonAscii(bytes);
  const std::vector<Candidate> declared = Declared(bytes, http_charset);
  std::optional<DecodedText> best;
  for (const Candidate& c : declared) {
    std::optional<Transcoded> t = TranscodeToUtf8(bytes, c.charset);
    if (!t) continue;  // a label iconv does not know
    if (Fits(*t, non_ascii)) {
      if (c.charset != "utf-8" && ProvablyUtf8(bytes)) {
        return Make(ValidateUtf8(bytes), "utf-8", "detected");
      }
      return Make(std::move(*t), c.charset, c.evidence);
    }
    if (!best || t->invalid < best->invalid_bytes) best = Make(std::move(*t), c.charset, c.evidence);
  }
  if (declared.empty()) {
    Transcoded t = ValidateUtf8(bytes);
    if (Fits(t, non_ascii)) return Make(std::move(t), "utf-8", "default");
  }
  const std::string detected = Detect(bytes);
  if (!detected.empty() && (declared.empty() || IsMultiByte(detected))) {
    std::optional<Transcoded> t = TranscodeToUtf8(bytes, detected);
    if (t && Fits(*t, non_ascii)) return Make(std::move(*t), detected, "detected");
  }
  if (best) return std::move(*best);
  return Make(ValidateUtf8(bytes), "utf-8", "default");
}

}  // namespace nianbao::parser
