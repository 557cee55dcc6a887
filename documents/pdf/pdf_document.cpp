#include "documents/pdf/pdf_document.h"

#include <mupdf/fitz.h>

#include <cmath>
#include <cstring>

namespace nianbao::documents::pdf {
namespace {

// fz_try/fz_catch are setjmp/longjmp: the functions holding them keep only
// trivially destructible locals, and report errors into a char buffer.
constexpr std::size_t kErrLen = 256;

void CopyError(fz_context* ctx, char* err) {
  std::snprintf(err, kErrLen, "%s", fz_caught_message(ctx));
}

void Quiet(void*, const char*) {}

struct StreamDeleter {
  fz_context* ctx;
  void operator()(fz_stream* s) const { fz_drop_stream(ctx, s); }
};
struct DocDeleter {
  fz_context* ctx;
  void operator()(fz_document* d) const { fz_drop_document(ctx, d); }
};
struct PageDeleter {
  fz_context* ctx;
  void operator()(fz_page* p) const { fz_drop_page(ctx, p); }
};
struct StextDeleter {
  fz_context* ctx;
  void operator()(fz_stext_page* p) const { fz_drop_stext_page(ctx, p); }
};
struct DeviceDeleter {
  fz_context* ctx;
  void operator()(fz_device* d) const { fz_drop_device(ctx, d); }
};
struct ContextDeleter {
  void operator()(fz_context* c) const { fz_drop_context(c); }
};

// The ruling collector: a device that sees only paths. A stroked segment
// that is horizontal or vertical is a ruling; a filled rectangle thinner
// than kThin is one too (Chromium prints table borders as filled rects).
constexpr float kThin = 2.5f;

struct RulingDevice {
  fz_device super;
  std::vector<Ruling>* out;
  std::size_t max;
  // Walk state, in device space.
  fz_matrix ctm;
  fz_point start, last;
  bool fill;
  int points;
  fz_point pts[5];
  bool rect_like;
};

void Keep(RulingDevice* d, fz_point a, fz_point b) {
  if (d->out->size() >= d->max) return;
  float dx = std::fabs(a.x - b.x), dy = std::fabs(a.y - b.y);
  if (dy < 0.5f && dx > 1.0f) {
    float y = (a.y + b.y) / 2;
    d->out->push_back(Ruling{std::fmin(a.x, b.x), y, std::fmax(a.x, b.x), y});
  } else if (dx < 0.5f && dy > 1.0f) {
    float x = (a.x + b.x) / 2;
    d->out->push_back(Ruling{x, std::fmin(a.y, b.y), x, std::fmax(a.y, b.y)});
  }
}

void KeepRect(RulingDevice* d, fz_rect r) {
  if (d->out->size() >= d->max) return;
  float w = r.x1 - r.x0, h = r.y1 - r.y0;
  if (h <= kThin && w > h) {
    float y = (r.y0 + r.y1) / 2;
    d->out->push_back(Ruling{r.x0, y, r.x1, y});
  } else if (w <= kThin && h > w) {
    float x = (r.x0 + r.x1) / 2;
    d->out->push_back(Ruling{x, r.y0, x, r.y1});
  }
}

void WalkPoint(RulingDevice* d, float x, float y) {
  fz_point p = fz_transform_point(fz_make_point(x, y), d->ctm);
  if (d->points < 5) d->pts[d->points] = p;
  d->points++;
  if (!d->fill) Keep(d, d->last, p);
  d->last = p;
}

void MoveTo(fz_context*, void* arg, float x, float y) {
  auto* d = static_cast<RulingDevice*>(arg);
  d->last = d->start = fz_transform_point(fz_make_point(x, y), d->ctm);
  if (d->fill && d->points > 0) d->rect_like = false;  // several subpaths: not one rect
  if (d->points < 5) d->pts[d->points] = d->start;
  d->points++;
}
void LineTo(fz_context*, void* arg, float x, float y) { WalkPoint(static_cast<RulingDevice*>(arg), x, y); }
void CurveTo(fz_context*, void* arg, float, float, float, float, float x3, float y3) {
  auto* d = static_cast<RulingDevice*>(arg);
  d->rect_like = false;
  d->last = fz_transform_point(fz_make_point(x3, y3), d->ctm);
}
void ClosePath(fz_context*, void* arg) {
  auto* d = static_cast<RulingDevice*>(arg);
  if (!d->fill) Keep(d, d->last, d->start);
  d->last = d->start;
}
void RectTo(fz_context*, void* arg, float x0, float y0, float x1, float y1) {
  auto* d = static_cast<RulingDevice*>(arg);
  fz_rect r = fz_transform_rect(fz_make_rect(std::fmin(x0, x1), std::fmin(y0, y1), std::fmax(x0, x1),
                                             std::fmax(y0, y1)),
                                d->ctm);
  if (d->fill) {
    KeepRect(d, r);
  } else {
    Keep(d, {r.x0, r.y0}, {r.x1, r.y0});
    Keep(d, {r.x0, r.y1}, {r.x1, r.y1});
    Keep(d, {r.x0, r.y0}, {r.x0, r.y1});
    Keep(d, {r.x1, r.y0}, {r.x1, r.y1});
  }
  d->points = 99;
  d->rect_like = false;
}

const fz_path_walker kWalker = {MoveTo, LineTo, CurveTo, ClosePath, nullptr, nullptr, nullptr, RectTo};

bool NearWhite(fz_context* ctx, fz_colorspace* cs, const float* color, float alpha) {
  if (alpha < 0.1f) return true;
  if (!cs || !color) return false;
  int n = fz_colorspace_n(ctx, cs);
  if (n == 1) return color[0] > 0.95f;
  if (n == 3) return color[0] > 0.95f && color[1] > 0.95f && color[2] > 0.95f;
  if (n == 4) return color[0] + color[1] + color[2] + color[3] < 0.05f;
  return false;
}

void FillPath(fz_context* ctx, fz_device* dev, const fz_path* path, int, fz_matrix ctm, fz_colorspace* cs,
              const float* color, float alpha, fz_color_params) {
  auto* d = reinterpret_cast<RulingDevice*>(dev);
  if (NearWhite(ctx, cs, color, alpha)) return;
  d->ctm = ctm;
  d->fill = true;
  d->points = 0;
  d->rect_like = true;
  fz_walk_path(ctx, path, &kWalker, d);
  // A closed axis-aligned quadrilateral (4 or 5 points) is a rectangle.
  if (d->rect_like && (d->points == 4 || d->points == 5)) {
    fz_rect r = fz_make_rect(d->pts[0].x, d->pts[0].y, d->pts[0].x, d->pts[0].y);
    for (int i = 1; i < 4; ++i) r = fz_include_point_in_rect(r, d->pts[i]);
    KeepRect(d, r);
  }
}

void StrokePath(fz_context* ctx, fz_device* dev, const fz_path* path, const fz_stroke_state*, fz_matrix ctm,
                fz_colorspace* cs, const float* color, float alpha, fz_color_params) {
  auto* d = reinterpret_cast<RulingDevice*>(dev);
  if (NearWhite(ctx, cs, color, alpha)) return;
  d->ctm = ctm;
  d->fill = false;
  d->points = 0;
  fz_walk_path(ctx, path, &kWalker, d);
}

bool Unusable(int c) {
  return c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || (c < 0x20 && c != '\t');
}

void CopyChars(fz_stext_page* text, PageGeometry* g, std::size_t max) {
  int line_no = 0;
  for (fz_stext_block* b = text->first_block; b; b = b->next) {
    if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
    for (fz_stext_line* l = b->u.t.first_line; l; l = l->next, ++line_no) {
      int dir = std::fabs(l->dir.x) >= std::fabs(l->dir.y) ? (l->dir.x >= 0 ? 0 : 3) : (l->dir.y > 0 ? 1 : 2);
      for (fz_stext_char* c = l->first_char; c; c = c->next) g->direction_votes[dir]++;
      for (fz_stext_char* ch = l->first_char; ch; ch = ch->next) {
        if (Unusable(ch->c)) {
          g->unusable_chars++;
          continue;
        }
        if (g->chars.size() >= max) return;
        fz_rect r = fz_rect_from_quad(ch->quad);
        g->chars.push_back(PageChar{static_cast<char32_t>(ch->c), Box{r.x0, r.y0, r.x1, r.y1}, ch->size, line_no});
      }
    }
  }
}

}  // namespace

struct PdfDocument::Handles {
  std::unique_ptr<fz_context, ContextDeleter> ctx;
  std::unique_ptr<fz_stream, StreamDeleter> stream{nullptr, {nullptr}};
  std::unique_ptr<fz_document, DocDeleter> doc{nullptr, {nullptr}};
};

namespace {

// The C side of Open: plain pointers and a char buffer only.
int OpenC(fz_context* ctx, const char* data, std::size_t size, fz_stream** stream, fz_document** doc,
          int* pages, int* needs_password, char* err) {
  *stream = nullptr;
  *doc = nullptr;
  int ok = 1;
  fz_try(ctx) {
    fz_register_document_handlers(ctx);
    *stream = fz_open_memory(ctx, reinterpret_cast<const unsigned char*>(data), size);
    *doc = fz_open_document_with_stream(ctx, "application/pdf", *stream);
    *needs_password = fz_needs_password(ctx, *doc);
    *pages = *needs_password ? 0 : fz_count_pages(ctx, *doc);
  }
  fz_catch(ctx) {
    CopyError(ctx, err);
    ok = 0;
  }
  return ok;
}

int LoadPageC(fz_context* ctx, fz_document* doc, int index, PageGeometry* g, std::size_t max, fz_page** page,
              fz_stext_page** text, fz_device** dev, char* err) {
  int ok = 1;
  fz_try(ctx) {
    *page = fz_load_page(ctx, doc, index);
    fz_rect bounds = fz_bound_page(ctx, *page);
    g->width = bounds.x1 - bounds.x0;
    g->height = bounds.y1 - bounds.y0;
    fz_stext_options opts;
    std::memset(&opts, 0, sizeof opts);
    *text = fz_new_stext_page_from_page(ctx, *page, &opts);
    CopyChars(*text, g, max);
    RulingDevice* rd = fz_new_derived_device(ctx, RulingDevice);
    *dev = &rd->super;
    rd->out = &g->rulings;
    rd->max = max;
    rd->super.fill_path = FillPath;
    rd->super.stroke_path = StrokePath;
    fz_run_page(ctx, *page, *dev, fz_identity, nullptr);
    fz_close_device(ctx, *dev);
  }
  fz_catch(ctx) {
    CopyError(ctx, err);
    ok = 0;
  }
  return ok;
}

}  // namespace

PdfDocument::PdfDocument(Key, std::unique_ptr<Handles> h, int pages) : h_(std::move(h)), pages_(pages) {}
PdfDocument::~PdfDocument() = default;

std::variant<std::unique_ptr<PdfDocument>, ReadFailure> PdfDocument::Open(std::string_view bytes) {
  auto h = std::make_unique<Handles>();
  h->ctx.reset(fz_new_context(nullptr, nullptr, FZ_STORE_DEFAULT));
  if (!h->ctx) return ReadFailure{ReadFailureKind::kLimit, "PDF: MuPDF context could not be made (memory)"};
  fz_context* ctx = h->ctx.get();
  fz_set_warning_callback(ctx, Quiet, nullptr);
  fz_set_error_callback(ctx, Quiet, nullptr);
  fz_stream* stream = nullptr;
  fz_document* doc = nullptr;
  int pages = 0, needs_password = 0;
  char err[kErrLen] = {0};
  int ok = OpenC(ctx, bytes.data(), bytes.size(), &stream, &doc, &pages, &needs_password, err);
  h->stream = std::unique_ptr<fz_stream, StreamDeleter>(stream, StreamDeleter{ctx});
  h->doc = std::unique_ptr<fz_document, DocDeleter>(doc, DocDeleter{ctx});
  if (!ok) return ReadFailure{ReadFailureKind::kBroken, std::string("PDF: ") + err};
  if (needs_password) return ReadFailure{ReadFailureKind::kEncrypted, "PDF: encrypted (password required)"};
  return std::make_unique<PdfDocument>(Key{}, std::move(h), pages);
}

std::variant<PageGeometry, ReadFailure> PdfDocument::LoadPage(int index, std::size_t max_items) const {
  fz_context* ctx = h_->ctx.get();
  PageGeometry g;
  fz_page* page = nullptr;
  fz_stext_page* text = nullptr;
  fz_device* dev = nullptr;
  char err[kErrLen] = {0};
  int ok = LoadPageC(ctx, h_->doc.get(), index, &g, max_items, &page, &text, &dev, err);
  std::unique_ptr<fz_device, DeviceDeleter> dev_owner(dev, DeviceDeleter{ctx});
  std::unique_ptr<fz_stext_page, StextDeleter> text_owner(text, StextDeleter{ctx});
  std::unique_ptr<fz_page, PageDeleter> page_owner(page, PageDeleter{ctx});
  if (!ok) return ReadFailure{ReadFailureKind::kBroken, "PDF page " + std::to_string(index + 1) + ": " + err};
  MakeUpright(g);
  return g;
}

namespace {

// Point (x, y) of a page whose text runs `dir` to the upright page.
void Turn(int dir, float w, float h, float& x, float& y) {
  float ox = x, oy = y;
  if (dir == 1) x = oy, y = w - ox;        // text running down: turn a quarter left
  else if (dir == 2) x = h - oy, y = ox;   // running up: a quarter right
  else if (dir == 3) x = w - ox, y = h - oy;
}

Box TurnBox(int dir, float w, float h, Box b) {
  Turn(dir, w, h, b.x0, b.y0);
  Turn(dir, w, h, b.x1, b.y1);
  return Box{std::fmin(b.x0, b.x1), std::fmin(b.y0, b.y1), std::fmax(b.x0, b.x1), std::fmax(b.y0, b.y1)};
}

}  // namespace

void MakeUpright(PageGeometry& g) {
  int dir = 0;
  for (int d = 1; d < 4; ++d) {
    if (g.direction_votes[d] > g.direction_votes[dir]) dir = d;
  }
  if (dir == 0) return;
  float w = g.width, h = g.height;
  for (PageChar& c : g.chars) c.box = TurnBox(dir, w, h, c.box);
  for (Ruling& r : g.rulings) {
    Box b = TurnBox(dir, w, h, Box{r.x0, r.y0, r.x1, r.y1});
    r = Ruling{b.x0, b.y0, b.x1, b.y1};
  }
  if (dir != 3) std::swap(g.width, g.height);
}

}  // namespace nianbao::documents::pdf
