// The plain geometry of one PDF page as the PDF reader sees it: characters
// with their boxes and the ruling lines of tables, in page space (points,
// y down, the page's /Rotate applied so text is upright). Produced by
// pdf_page.h from MuPDF, consumed by the lattice and text layout; plain data,
// so the geometry can be tested on synthetic pages without a PDF.
#pragma once

#include <cstdint>
#include <vector>

namespace nianbao::documents::pdf {

struct Box {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float cx() const { return (x0 + x1) / 2; }
  float cy() const { return (y0 + y1) / 2; }
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
};

struct PageChar {
  char32_t c = 0;
  Box box;
  float size = 0;  // font size in points
  int line = 0;    // MuPDF's text line on this page: chars of one line share it
};

// A horizontal (y0 == y1) or vertical (x0 == x1) segment, x0 <= x1, y0 <= y1.
struct Ruling {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool horizontal() const { return y1 - y0 < x1 - x0; }
};

struct PageGeometry {
  float width = 0, height = 0;
  std::vector<PageChar> chars;  // in content-stream order
  std::vector<Ruling> rulings;
  int unusable_chars = 0;       // U+FFFD, private-use or unmapped glyphs (counted, not kept)
  // Characters on lines running down (1), up (2) or right to left (3) as
  // MuPDF laid them out; 0 right (upright). Counted to turn the page upright.
  int direction_votes[4] = {0, 0, 0, 0};
};

// Turns `g` so the majority of its text runs left to right (a page whose
// /Rotate sets upright content on its side): boxes, rulings and size.
void MakeUpright(PageGeometry& g);

}  // namespace nianbao::documents::pdf
