#include "documents/word97/paragraph_properties.h"

#include <algorithm>
#include <string>

#include "documents/word97/le_bytes.h"

namespace nianbao::documents::word97 {
namespace {

constexpr std::uint16_t kInTable = 0x2416, kTtp = 0x2417, kItap = 0x6649, kInnerCell = 0x244B,
                        kInnerTtp = 0x244C, kDefTable = 0xD608, kDefTable10 = 0xD606, kVertMerge = 0xD62B,
                        kChgTabs = 0xC615, kHugePapx = 0x6646;
constexpr std::size_t kFkp = 512;

ReadFailure Broken(std::string detail) { return ReadFailure{ReadFailureKind::kBroken, "DOC: " + std::move(detail)}; }

// The size of a sprm's operand from its spra bits (MS-DOC 2.2.5.1); the
// variable ones carry their length, two of them in a 16-bit count.
// npos when the operand cannot be sized (sprmPChgTabs with its 255 escape).
std::size_t OperandSize(std::uint16_t sprm, std::string_view g, std::size_t at) {
  switch (sprm >> 13) {
    case 0: case 1: return 1;
    case 2: case 4: case 5: return 2;
    case 3: return 4;
    case 7: return 3;
    default: break;
  }
  if (sprm == kDefTable || sprm == kDefTable10) {
    std::uint16_t cb = U16(g, at);
    return cb == 0 ? 2 : 2 + cb - 1;
  }
  if (sprm == kChgTabs && U8(g, at) == 255) return std::string_view::npos;
  return 1 + std::size_t(U8(g, at));
}

// TDefTableOperand: itcMac, rgdxaCenter[itcMac + 1], rgTc80[] (20 bytes each,
// possibly fewer than itcMac); tcgrf bits 0-1 horzMerge, 5-6 vertMerge.
void ParseDefTable(std::string_view op, RowDefinition& row) {
  std::size_t cells = U8(op, 0);
  if (1 + 2 * (cells + 1) > op.size()) return;
  row.bounds.clear();
  for (std::size_t i = 0; i <= cells; ++i) row.bounds.push_back(static_cast<std::int16_t>(U16(op, 1 + 2 * i)));
  row.vert_merged.assign(cells, false);
  row.horz_merged.assign(cells, false);
  std::size_t tc = 1 + 2 * (cells + 1);
  for (std::size_t i = 0; i < cells && tc + 20 * (i + 1) <= op.size(); ++i) {
    std::uint16_t grf = U16(op, tc + 20 * i);
    row.horz_merged[i] = (grf & 0x3) >= 2;
    row.vert_merged[i] = ((grf >> 5) & 0x3) == 1;
  }
}

void ParseInto(std::string_view g, std::string_view data, bool nested, TableSprms& t) {
  for (std::size_t at = 0; at + 2 <= g.size();) {
    std::uint16_t sprm = U16(g, at);
    std::size_t size = OperandSize(sprm, g, at + 2);
    if (size == std::string_view::npos || at + 2 + size > g.size()) break;
    std::string_view op = g.substr(at + 2, size);
    switch (sprm) {
      case kInTable: t.in_table = U8(op, 0) != 0; break;
      case kTtp: t.ttp = U8(op, 0) != 0; break;
      case kItap: t.itap = static_cast<int>(std::min<std::uint32_t>(U32(op, 0), 64)); break;
      case kInnerCell: t.inner_cell = U8(op, 0) != 0; break;
      case kInnerTtp: t.inner_ttp = U8(op, 0) != 0; break;
      case kDefTable: ParseDefTable(op.substr(2), t.row); break;
      case kVertMerge: {
        std::size_t itc = U8(op, 1);
        if (op.size() >= 3 && itc < t.row.vert_merged.size()) t.row.vert_merged[itc] = U8(op, 2) == 1;
        break;
      }
      case kHugePapx: {
        // A PAPX too big for its FKP (a row of many cells) lives in the Data
        // stream: a 16-bit size, then the grpprl.
        std::size_t off = U32(op, 0), cb = U16(data, off);
        if (!nested && off + 2 + cb <= data.size()) ParseInto(data.substr(off + 2, cb), data, true, t);
        break;
      }
      default: break;
    }
    at += 2 + size;
  }
}

}  // namespace

TableSprms ParseTableSprms(std::string_view grpprl, std::string_view data) {
  TableSprms t;
  ParseInto(grpprl, data, false, t);
  return t;
}

std::variant<ParagraphProperties, ReadFailure> ParagraphProperties::Read(std::string_view doc, std::string_view table,
                                                                         std::string_view data, std::uint32_t fc_plc, std::uint32_t lcb_plc) {
  ParagraphProperties props;
  if (lcb_plc == 0) return props;
  if (std::size_t(fc_plc) + lcb_plc > table.size() || lcb_plc < 4 || (lcb_plc - 4) % 8 != 0)
    return Broken("PlcBtePapx outside the table stream");
  std::string_view plc = table.substr(fc_plc, lcb_plc);
  const std::size_t n = (lcb_plc - 4) / 8;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t pn = U32(plc, 4 * (n + 1) + 4 * i) & 0x3FFFFF;
    if ((std::size_t(pn) + 1) * kFkp > doc.size())
      return Broken("PAPX FKP page " + std::to_string(pn) + " outside the WordDocument stream");
    std::string_view page = doc.substr(std::size_t(pn) * kFkp, kFkp);
    std::size_t crun = U8(page, kFkp - 1);
    if (4 * (crun + 1) + 13 * crun > kFkp - 1) return Broken("PAPX FKP page " + std::to_string(pn) + " claims " +
                                                              std::to_string(crun) + " runs");
    for (std::size_t r = 0; r < crun; ++r) {
      Run run;
      run.fc_first = U32(page, 4 * r);
      run.fc_lim = U32(page, 4 * (r + 1));
      std::size_t off = std::size_t(U8(page, 4 * (crun + 1) + 13 * r)) * 2;
      if (off != 0) {
        std::size_t cb = U8(page, off), start = off + 1, len = 0;
        if (cb == 0) {
          len = 2 * std::size_t(U8(page, off + 1));
          start = off + 2;
        } else {
          len = 2 * cb - 1;
        }
        if (start + len > kFkp - 1 || len < 2)
          return Broken("PAPX FKP page " + std::to_string(pn) + " run " + std::to_string(r) + " outside its page");
        run.sprms = ParseTableSprms(page.substr(start + 2, len - 2), data);  // after the istd
      }
      props.runs_.push_back(std::move(run));
    }
  }
  std::stable_sort(props.runs_.begin(), props.runs_.end(),
                   [](const Run& a, const Run& b) { return a.fc_first < b.fc_first; });
  return props;
}

const TableSprms& ParagraphProperties::At(std::uint32_t fc) const {
  auto it = std::upper_bound(runs_.begin(), runs_.end(), fc,
                             [](std::uint32_t f, const Run& r) { return f < r.fc_first; });
  if (it == runs_.begin()) return none_;
  --it;
  return fc < it->fc_lim ? it->sprms : none_;
}

}  // namespace nianbao::documents::word97
