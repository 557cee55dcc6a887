#include "documents/pdf/pdf_reader.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "documents/pdf/pdf_document.h"
#include "documents/pdf/pdf_lattice.h"
#include "documents/pdf/pdf_layout.h"
#include "documents/pdf/pdf_stream.h"
#include "parser/labels.h"

namespace nianbao::documents {
namespace {

using pdf::Box;
using pdf::LatticeTable;
using pdf::PageChar;
using pdf::PageGeometry;
using pdf::Ruling;
using pdf::TextLine;

// Characters and rulings kept per page: far above any report page.
constexpr std::size_t kMaxPageItems = 50000;

// A table piece of one page, with what it was made of so that pieces of a
// table cut by page breaks can be laid end to end and read again as one.
struct Piece {
  int page = 1;
  LatticeTable table;
  std::vector<PageChar> chars;  // the characters it took
};

struct PageRead {
  std::vector<Piece> pieces;
  std::vector<pdf::StreamTable> stream;  // only on a page whose rulings draw no table
  std::vector<TextLine> lines;
  float height = 0;
  bool usable = false;
  std::vector<PageChar> chars;  // until the text lines are made (FinishPages)
  std::vector<bool> used;       // chars a table took
};

// The top and bottom bands where printers put running headers and footers
// (Chromium: date, title, URL, "2/5"; WPS: "- 3 -").
constexpr float kMarginBand = 0.07f;

bool InMargin(const TextLine& l, float height) {
  return l.box.y1 < height * kMarginBand || l.box.y0 > height * (1 - kMarginBand);
}

std::string WithoutDigits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c < '0' || c > '9') out += c;
  }
  return out;
}

// Running headers and footers: margin lines whose text, digits aside,
// recurs on another page. They are page furniture, not report text.
void DropRunningLines(std::vector<PageRead>& read) {
  std::map<std::string, std::set<int>> pages_of;
  for (std::size_t p = 0; p < read.size(); ++p) {
    for (const TextLine& l : read[p].lines) {
      if (InMargin(l, read[p].height)) pages_of[WithoutDigits(l.text)].insert(static_cast<int>(p));
    }
  }
  for (PageRead& page : read) {
    std::erase_if(page.lines, [&](const TextLine& l) {
      return InMargin(l, page.height) && pages_of[WithoutDigits(l.text)].size() >= 2;
    });
  }
}

bool Usable(const PageGeometry& g) {
  std::size_t visible = 0;
  for (const PageChar& c : g.chars) visible += c.c != ' ';
  return visible > 0 && static_cast<std::size_t>(g.unusable_chars) < visible;
}

PageRead ReadPage(const PageGeometry& g, int page, std::size_t max_cells) {
  PageRead out;
  std::vector<bool> used(g.chars.size(), false);
  for (LatticeTable& t : pdf::FindLattices(g.rulings, max_cells)) {
    std::vector<bool> before = used;
    pdf::FillCells(t, g.chars, &used);
    Piece p{page, std::move(t), {}};
    for (std::size_t i = 0; i < used.size(); ++i) {
      if (used[i] && !before[i]) p.chars.push_back(g.chars[i]);
    }
    out.pieces.push_back(std::move(p));
  }
  out.height = g.height;
  out.usable = true;
  out.chars = g.chars;
  out.used = std::move(used);
  return out;
}

// Stream tables on the runs of consecutive pages whose rulings draw no table
// in a document whose rulings draw none with numbers,
// each run's pages laid end to end so that a table cut by a page break is
// found whole (its header on one page, its rows on the next). A table
// belongs to the page its top is on.
void FindStreamTables(std::vector<PageRead>& read, std::size_t max_cells) {
  // A document whose rulings draw a table with numbers draws its tables: its
  // other pages' text is not read as tables (a search box drawn on page 1 of
  // a printed web page does not count).
  for (const PageRead& page : read) {
    for (const Piece& p : page.pieces) {
      for (const pdf::LatticeCell& c : p.table.cells) {
        if (parser::ParseCell(c.text).is_number()) return;
      }
    }
  }
  auto stream_page = [&](std::size_t p) { return read[p].usable && read[p].pieces.empty(); };
  for (std::size_t first = 0; first < read.size();) {
    if (!stream_page(first)) {
      ++first;
      continue;
    }
    std::size_t end = first;
    std::vector<PageChar> chars;
    std::vector<float> tops;  // each page's offset in the run
    float top = 0;
    for (; end < read.size() && stream_page(end); ++end) {
      tops.push_back(top);
      for (PageChar c : read[end].chars) {
        c.box.y0 += top;
        c.box.y1 += top;
        c.line += static_cast<int>(end - first) * 1000000;
        chars.push_back(c);
      }
      top += read[end].height;
    }
    std::vector<bool> used;
    for (std::size_t p = first; p < end; ++p) used.insert(used.end(), read[p].used.begin(), read[p].used.end());
    for (pdf::StreamTable& t : pdf::FindStreamTables(chars, &used, max_cells)) {
      std::size_t page = first;
      while (page + 1 < end && t.box.y0 >= tops[page + 1 - first]) ++page;
      read[page].stream.push_back(std::move(t));
    }
    std::size_t at = 0;
    for (std::size_t p = first; p < end; ++p) {
      for (std::size_t i = 0; i < read[p].used.size(); ++i) read[p].used[i] = used[at++];
    }
    first = end;
  }
}

// The text lines of every page outside its tables; the characters go.
void FinishPages(std::vector<PageRead>& read) {
  for (std::size_t p = 0; p < read.size(); ++p) {
    read[p].lines = pdf::PageLines(read[p].chars, read[p].used, static_cast<int>(p) + 1);
    read[p].chars = {};
    read[p].used = {};
  }
}

bool SameColumns(const Box& a, const Box& b) {
  return std::fabs(a.x0 - b.x0) < 3.0f && std::fabs(a.x1 - b.x1) < 3.0f;
}

// `next` continues `prev` across the break: nothing but the page number
// between them, and the same outer column lines.
bool Continues(const PageRead& prev_page, const Piece& prev, const PageRead& next_page, const Piece& next) {
  if (next.page != prev.page + 1 || !SameColumns(prev.table.box, next.table.box)) return false;
  for (const TextLine& l : prev_page.lines) {
    if (l.box.y0 > prev.table.box.y1 && !InMargin(l, prev_page.height)) return false;
  }
  for (const TextLine& l : next_page.lines) {
    if (l.box.y1 < next.table.box.y0 && !InMargin(l, next_page.height)) return false;
  }
  return true;
}

// Pieces laid end to end (each moved up to touch the previous one's bottom
// line) and read again as one lattice; the break lines are soft.
LatticeTable Join(const std::vector<const Piece*>& parts, std::size_t max_cells, std::vector<float>* breaks) {
  std::vector<Ruling> rulings;
  std::vector<PageChar> chars;
  std::vector<float>& soft = *breaks;
  float bottom = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const Piece& p = *parts[k];
    float dy = k == 0 ? 0.0f : bottom - p.table.box.y0;
    if (k > 0) soft.push_back(bottom);
    for (Ruling r : p.table.rulings) {
      r.y0 += dy;
      r.y1 += dy;
      rulings.push_back(r);
    }
    for (PageChar c : p.chars) {
      c.box.y0 += dy;
      c.box.y1 += dy;
      c.line += static_cast<int>(k) * 1000000;
      chars.push_back(c);
    }
    bottom = p.table.box.y1 + dy;
  }
  return pdf::BuildLattice(rulings, soft, chars, max_cells);
}

bool HasNumber(const std::vector<parser::GridCell>& row) {
  return std::any_of(row.begin(), row.end(), [](const parser::GridCell& c) { return parser::ParseCell(c.text).is_number(); });
}

bool SameTexts(const std::vector<parser::GridCell>& a, const std::vector<parser::GridCell>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const parser::GridCell& x, const parser::GridCell& y) { return x.text == y.text; });
}

// A table continued on the next page may print its header rows again there
// (Word's "repeat as header row", Writer's "repeat heading"): the rows right
// after a page break that repeat, text for text, the rows above the table's
// first number are dropped, so the grid reads as the table does.
void DropRepeatedHeaders(parser::Grid& g, const LatticeTable& t, const std::vector<float>& breaks) {
  std::size_t header = 0;
  while (header < g.height() && !HasNumber(g.rows[header])) ++header;
  if (header == 0 || header == g.height()) return;
  std::vector<std::size_t> drop;
  for (float y : breaks) {
    auto at = std::min_element(t.ys.begin(), t.ys.end(), [y](float a, float b) { return std::fabs(a - y) < std::fabs(b - y); });
    const std::size_t row = static_cast<std::size_t>(at - t.ys.begin());
    if (row + header > g.height() || std::fabs(*at - y) > 2.0f) continue;
    bool repeated = true;
    for (std::size_t k = 0; k < header && repeated; ++k) repeated = SameTexts(g.rows[k], g.rows[row + k]);
    if (repeated) {
      for (std::size_t k = 0; k < header; ++k) drop.push_back(row + k);
    }
  }
  for (auto r = drop.rbegin(); r != drop.rend(); ++r) {
    g.rows.erase(g.rows.begin() + static_cast<std::ptrdiff_t>(*r));
    g.source_widths.erase(g.source_widths.begin() + static_cast<std::ptrdiff_t>(*r));
  }
}

float BodySize(const std::vector<TextLine>& lines) {
  std::vector<float> sizes;
  for (const TextLine& l : lines) sizes.push_back(l.size);
  if (sizes.empty()) return 0;
  std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
  return sizes[sizes.size() / 2];
}

std::string Caption(const std::vector<pdf::LaidBlock>& blocks, const Piece& first) {
  std::string caption;
  for (const pdf::LaidBlock& b : blocks) {
    if (b.page < first.page || (b.page == first.page && b.box.y1 <= first.table.box.y0 + 1.0f)) caption = b.block.text;
  }
  return caption;
}

}  // namespace

Extraction ReadPdf(std::string_view bytes, const ExtractLimits& limits) {
  auto opened = pdf::PdfDocument::Open(bytes);
  if (auto* f = std::get_if<ReadFailure>(&opened)) return *f;
  const pdf::PdfDocument& doc = *std::get<std::unique_ptr<pdf::PdfDocument>>(opened);
  int pages = doc.page_count();
  if (pages > limits.max_pages) {
    return ReadFailure{ReadFailureKind::kLimit, "PDF: " + std::to_string(pages) + " pages, over the " +
                                                    std::to_string(limits.max_pages) + "-page limit"};
  }
  parser::DocumentParts parts;
  parts.kind = parser::DocumentKind::kPdf;
  parts.pages = pages;
  std::vector<PageRead> read;
  int with_text = 0;
  std::optional<ReadFailure> first_failure;
  for (int i = 0; i < pages; ++i) {
    auto loaded = doc.LoadPage(i, kMaxPageItems);
    if (auto* f = std::get_if<ReadFailure>(&loaded)) {
      parts.warnings.push_back(f->detail + ": not read");
      if (!first_failure) first_failure = *f;
      read.emplace_back();
      continue;
    }
    const PageGeometry& g = std::get<PageGeometry>(loaded);
    if (!Usable(g)) {
      parts.warnings.push_back("PDF page " + std::to_string(i + 1) + ": no usable text layer (a scan): not read");
      read.emplace_back();
      continue;
    }
    ++with_text;
    read.push_back(ReadPage(g, i + 1, limits.max_table_cells));
  }
  if (with_text == 0) {
    if (first_failure && pages > 0) return *first_failure;
    return ReadFailure{ReadFailureKind::kNoText,
                       "PDF: no text layer on any of " + std::to_string(pages) + " pages (a scan): OCR unavailable"};
  }

  FindStreamTables(read, limits.max_table_cells);
  FinishPages(read);
  DropRunningLines(read);
  std::vector<TextLine> lines;
  for (const PageRead& p : read) lines.insert(lines.end(), p.lines.begin(), p.lines.end());
  float left = 1e9f, right = 0;
  for (const TextLine& l : lines) left = std::min(left, l.box.x0), right = std::max(right, l.box.x1);
  std::size_t title_first = 0, title_lines = 0;
  parts.title = pdf::TitleLines(lines, BodySize(lines), &title_first, &title_lines);
  auto title_at = lines.begin() + static_cast<std::ptrdiff_t>(title_first);
  lines.erase(title_at, title_at + static_cast<std::ptrdiff_t>(title_lines));
  std::vector<pdf::LaidBlock> blocks = pdf::Paragraphs(lines, left, right);
  for (const pdf::LaidBlock& b : blocks) parts.blocks.push_back(b.block);
  parts.published = pdf::SignatureDate(blocks);

  // Tables in page order, pieces cut by page breaks joined.
  for (std::size_t p = 0; p < read.size(); ++p) {
    for (std::size_t k = 0; k < read[p].pieces.size(); ++k) {
      std::vector<const Piece*> run = {&read[p].pieces[k]};
      std::size_t page = p;
      while (&read[page].pieces.back() == run.back() && page + 1 < read.size() && !read[page + 1].pieces.empty() &&
             Continues(read[page], *run.back(), read[page + 1], read[page + 1].pieces.front())) {
        ++page;
        run.push_back(&read[page].pieces.front());
      }
      std::vector<float> breaks;
      LatticeTable table = run.size() == 1 ? run.front()->table : Join(run, limits.max_table_cells, &breaks);
      parser::Grid grid = pdf::ToGrid(table);
      DropRepeatedHeaders(grid, table, breaks);
      if (grid.rows.empty()) continue;
      grid.page = run.front()->page;
      grid.caption = Caption(blocks, *run.front());
      parts.tables.push_back(std::move(grid));
      if (run.size() > 1) {
        // The continuation's first piece was consumed; go on after it.
        p = page;
        k = 0;
      }
    }
    for (pdf::StreamTable& t : read[p].stream) {
      t.grid.page = static_cast<int>(p) + 1;
      parts.tables.push_back(std::move(t.grid));
    }
  }
  return parts;
}

}  // namespace nianbao::documents
