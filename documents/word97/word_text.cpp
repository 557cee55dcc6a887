#include "documents/word97/word_text.h"

#include <string>

#include "common/utf8.h"
#include "documents/word97/le_bytes.h"
#include "documents/word97/paragraph_properties.h"

namespace nianbao::documents::word97 {
namespace {

ReadFailure Fail(ReadFailureKind kind, std::string detail) { return ReadFailure{kind, "DOC: " + std::move(detail)}; }

// Compressed pieces store cp1252: 0x80-0x9F are not Latin-1 there.
constexpr char16_t kCp1252High[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                      0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

struct Fib {
  bool table1 = false;
  std::uint32_t ccp_text = 0;
  std::uint32_t fc_clx = 0, lcb_clx = 0;
  std::uint32_t fc_papx = 0, lcb_papx = 0;
};

// FibBase (32 bytes), csw + FibRgW, cslw + FibRgLw (ccpText is its 4th),
// cbRgFcLcb + FibRgFcLcb97 (PlcBtePapx is pair 13, Clx pair 33).
std::variant<Fib, ReadFailure> ReadFib(std::string_view d) {
  if (d.size() < 154 || U16(d, 0) != 0xA5EC) return Fail(ReadFailureKind::kBroken, "no Word 97 FIB (wIdent)");
  std::uint16_t nfib = U16(d, 2), flags = U16(d, 0x0A);
  if (flags & 0x0100) return Fail(ReadFailureKind::kEncrypted, "encrypted");
  if (nfib < 0xC1) return Fail(ReadFailureKind::kUnsupported, "Word 6/95 file (nFib " + std::to_string(nfib) + ")");
  Fib fib;
  fib.table1 = (flags & 0x0200) != 0;
  std::size_t rglw = 32 + 2 + 2 * std::size_t(U16(d, 32)) + 2;
  std::size_t cslw = U16(d, rglw - 2);
  std::size_t blob = rglw + 4 * cslw + 2;
  std::size_t pairs = U16(d, blob - 2);
  if (cslw < 4 || pairs < 34 || blob + 8 * pairs > d.size()) return Fail(ReadFailureKind::kBroken, "FIB truncated");
  fib.ccp_text = U32(d, rglw + 12);
  fib.fc_papx = U32(d, blob + 8 * 13);
  fib.lcb_papx = U32(d, blob + 8 * 13 + 4);
  fib.fc_clx = U32(d, blob + 8 * 33);
  fib.lcb_clx = U32(d, blob + 8 * 33 + 4);
  return fib;
}

struct Piece {
  std::uint32_t cp_first = 0, cp_lim = 0;
  std::uint32_t fc = 0;  // byte offset of the first character in WordDocument
  bool compressed = false;
};

// Clx: Prc entries (0x01, cbGrpprl, grpprl) then one Pcdt (0x02, lcb, PlcPcd).
std::variant<std::vector<Piece>, ReadFailure> ReadPieces(std::string_view table, const Fib& fib, std::size_t doc_size) {
  if (std::size_t(fib.fc_clx) + fib.lcb_clx > table.size() || fib.lcb_clx == 0)
    return Fail(ReadFailureKind::kBroken, "CLX outside the table stream");
  std::string_view clx = table.substr(fib.fc_clx, fib.lcb_clx);
  std::size_t at = 0;
  while (at < clx.size() && U8(clx, at) == 0x01) at += 3 + U16(clx, at + 1);
  if (at + 5 > clx.size() || U8(clx, at) != 0x02) return Fail(ReadFailureKind::kBroken, "CLX has no piece table");
  std::uint32_t lcb = U32(clx, at + 1);
  if (lcb < 4 || at + 5 + std::size_t(lcb) > clx.size() || (lcb - 4) % 12 != 0)
    return Fail(ReadFailureKind::kBroken, "piece table size " + std::to_string(lcb));
  std::string_view plc = clx.substr(at + 5, lcb);
  const std::size_t n = (lcb - 4) / 12;
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < n; ++i) {
    Piece p;
    p.cp_first = U32(plc, 4 * i);
    p.cp_lim = U32(plc, 4 * (i + 1));
    std::uint32_t fc = U32(plc, 4 * (n + 1) + 8 * i + 2);
    p.compressed = (fc & 0x40000000) != 0;
    p.fc = p.compressed ? (fc & ~0x40000000u) / 2 : fc;
    if (p.cp_lim < p.cp_first) return Fail(ReadFailureKind::kBroken, "piece " + std::to_string(i) + " ends before it starts");
    std::size_t bytes = std::size_t(p.cp_lim - p.cp_first) * (p.compressed ? 1 : 2);
    if (std::size_t(p.fc) + bytes > doc_size)
      return Fail(ReadFailureKind::kBroken, "piece " + std::to_string(i) + " outside the WordDocument stream");
    pieces.push_back(p);
  }
  return pieces;
}

// Builds paragraphs character by character: fields keep only their result
// (between 0x14 and 0x15), marks close paragraphs with the mark's PAPX.
class ParagraphSink {
 public:
  ParagraphSink(const ParagraphProperties& props, std::size_t limit) : props_(props), limit_(limit) {}

  bool Add(char16_t c, std::uint32_t fc) {
    if (c == 0x13) {
      if (fields_.size() < 64) fields_.push_back(false);
      return true;
    }
    if (c == 0x14) {
      if (!fields_.empty()) fields_.back() = true;
      return true;
    }
    if (c == 0x15) {
      if (!fields_.empty()) fields_.pop_back();
      return true;
    }
    if (c == 0x0D || c == 0x07 || c == 0x0C) return Close(c, fc);
    for (bool in_result : fields_) {
      if (!in_result) return true;
    }
    if (c == 0x09 || c == 0x0B || c == 0xA0 || c == 0x3000) {
      text_ += ' ';
    } else if (c == 0x1E) {
      text_ += '-';
    } else if (c >= 0x20 && c != 0x1F) {
      AppendUtf8(text_, (c >= 0xD800 && c <= 0xDFFF) ? char32_t(0xFFFD) : char32_t(c));
    }
    return true;
  }
  std::vector<Paragraph> Take() { return std::move(out_); }

 private:
  bool Close(char16_t mark, std::uint32_t fc) {
    if (out_.size() >= limit_) return false;
    const TableSprms& t = props_.At(fc);
    Paragraph p;
    p.text = std::move(text_);
    text_.clear();
    p.depth = t.in_table || t.inner_cell || t.inner_ttp ? std::max(t.itap, 1) : 0;
    if (p.depth > 0 && mark != 0x0C) {
      p.row_end = p.depth == 1 ? t.ttp : (t.inner_ttp || t.ttp);
      p.cell_end = !p.row_end && (mark == 0x07 || (p.depth > 1 && t.inner_cell));
      if (p.row_end) p.row = t.row;
    }
    out_.push_back(std::move(p));
    return true;
  }

  const ParagraphProperties& props_;
  std::size_t limit_;
  std::vector<bool> fields_;  // per open field: its separator seen
  std::string text_;
  std::vector<Paragraph> out_;
};

}  // namespace

std::variant<std::vector<Paragraph>, ReadFailure> ReadParagraphs(const CompoundFile& file, std::size_t limit) {
  auto doc_stream = file.ReadStream("WordDocument");
  if (auto* f = std::get_if<ReadFailure>(&doc_stream)) return std::move(*f);
  const std::string& doc = std::get<std::string>(doc_stream);
  auto fib_or = ReadFib(doc);
  if (auto* f = std::get_if<ReadFailure>(&fib_or)) return std::move(*f);
  const Fib& fib = std::get<Fib>(fib_or);
  auto table_stream = file.ReadStream(fib.table1 ? "1Table" : "0Table");
  if (auto* f = std::get_if<ReadFailure>(&table_stream)) return std::move(*f);
  const std::string& table = std::get<std::string>(table_stream);
  auto pieces = ReadPieces(table, fib, doc.size());
  if (auto* f = std::get_if<ReadFailure>(&pieces)) return std::move(*f);
  std::string data;  // optional: only huge PAPXs and pictures live there
  if (file.HasStream("Data")) {
    auto data_stream = file.ReadStream("Data");
    if (auto* f = std::get_if<ReadFailure>(&data_stream)) return std::move(*f);
    data = std::move(std::get<std::string>(data_stream));
  }
  auto props = ParagraphProperties::Read(doc, table, data, fib.fc_papx, fib.lcb_papx);
  if (auto* f = std::get_if<ReadFailure>(&props)) return std::move(*f);

  ParagraphSink sink(std::get<ParagraphProperties>(props), limit);
  for (const Piece& p : std::get<std::vector<Piece>>(pieces)) {
    for (std::uint32_t cp = p.cp_first; cp < p.cp_lim && cp < fib.ccp_text; ++cp) {
      std::uint32_t fc = p.fc + (cp - p.cp_first) * (p.compressed ? 1 : 2);
      char16_t c = p.compressed ? char16_t(U8(doc, fc)) : char16_t(U16(doc, fc));
      if (p.compressed && c >= 0x80 && c < 0xA0) c = kCp1252High[c - 0x80];
      if (!sink.Add(c, fc))
        return Fail(ReadFailureKind::kLimit, "over " + std::to_string(limit) + " paragraphs");
    }
  }
  return sink.Take();
}

}  // namespace nianbao::documents::word97
