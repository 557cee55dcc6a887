#include "parser/html/article.h"

#include <utility>

#include "parser/html/article_meta.h"
#include "parser/html/body_finder.h"
#include "parser/html/dom_util.h"
#include "parser/html/html_document.h"
#include "parser/html/html_tables.h"
#include "parser/text_builder.h"

namespace nianbao::parser {
namespace {

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_PRE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FIGURE: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

bool IsBoldElement(const GumboNode* n) {
  switch (n->v.element.tag) {
    case GUMBO_TAG_B: case GUMBO_TAG_STRONG: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
      return true;
    default:
      return HasBoldStyle(n);
  }
}

// Walks the body container in document order, cutting text into blocks at
// block elements and <br>, and turning data tables into Grids. Iterative, so
// a deep tree costs heap, not stack.
class BodyWalker {
 public:
  BodyWalker(const ArticleLimits& limits, Article& out) : limits_(limits), out_(out) {}

  void Walk(const GumboNode* container);

 private:
  // An element being left: what its entry changed.
  struct Exit {
    bool block = false;
    bool bold = false;
  };
  struct Item {
    const GumboNode* node;  // null for an exit marker
    Exit exit;
  };

  void Enter(const GumboNode* n, const GumboNode* container);
  void Text(std::string_view s);
  void Flush();
  // True when the table is page flow (layout) and its children must be walked.
  bool Table(const GumboNode* table);
  void PushChildren(const GumboNode* n);

  const ArticleLimits& limits_;
  Article& out_;
  std::vector<Item> stack_;
  TextBuilder text_;
  int bold_depth_ = 0;
  bool saw_bold_ = false;
  bool saw_plain_ = false;
  std::size_t blocks_at_last_table_ = 0;
};

void BodyWalker::Walk(const GumboNode* container) {
  stack_.push_back({container, {}});
  while (!stack_.empty()) {
    const Item item = stack_.back();
    stack_.pop_back();
    if (item.node == nullptr) {
      if (item.exit.bold) --bold_depth_;
      if (item.exit.block) Flush();
      continue;
    }
    switch (item.node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        Text(item.node->v.text.text);
        break;
      case GUMBO_NODE_ELEMENT:
        Enter(item.node, container);
        break;
      default:
        break;
    }
  }
  Flush();
}

void BodyWalker::Enter(const GumboNode* n, const GumboNode* container) {
  if (IsInvisible(n) || (n != container && IsChrome(n))) return;
  const GumboTag tag = n->v.element.tag;
  if (tag == GUMBO_TAG_BR) {
    Flush();
    return;
  }
  if (tag == GUMBO_TAG_TABLE) {
    Flush();
    if (!Table(n)) return;
  }
  Exit exit;
  exit.block = IsBlock(tag) || tag == GUMBO_TAG_TABLE;
  exit.bold = IsBoldElement(n);
  if (exit.block) Flush();
  if (exit.bold) ++bold_depth_;
  stack_.push_back({nullptr, exit});
  PushChildren(n);
}

void BodyWalker::PushChildren(const GumboNode* n) {
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = kids.length; i > 0; --i) {
    stack_.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), {}});
  }
}

void BodyWalker::Text(std::string_view s) {
  text_.Append(s);
  if (IsBlank(s)) return;
  (bold_depth_ > 0 ? saw_bold_ : saw_plain_) = true;
}

void BodyWalker::Flush() {
  if (!text_.empty()) {
    TextBlock b;
    b.emphasized = saw_bold_ && !saw_plain_;
    b.text = text_.Take();
    out_.blocks.push_back(std::move(b));
  } else {
    text_.Take();
  }
  saw_bold_ = saw_plain_ = false;
}

bool BodyWalker::Table(const GumboNode* table) {
  std::vector<std::string> cell_texts;
  switch (ClassifyTable(table, &cell_texts)) {
    case TableKind::kLayout:
      return true;
    case TableKind::kMetadata:
    case TableKind::kEmpty:
      return false;
    case TableKind::kData:
      break;
  }
  GridBuild built = BuildGrid(table, limits_.max_span, limits_.max_table_cells, &cell_texts);
  const std::string label = "table " + std::to_string(out_.tables.size() + 1);
  if (built.span_capped) {
    out_.warnings.push_back(label + ": rowspan/colspan capped at " + std::to_string(limits_.max_span));
  }
  if (built.truncated) {
    out_.warnings.push_back(label + ": truncated to " + std::to_string(built.grid.height()) +
                            " rows to stay within " + std::to_string(limits_.max_table_cells) +
                            " cells");
  }
  ForEachElement(table, [&](const GumboNode* n) {
    if (built.grid.caption.empty() && IsTag(n, GUMBO_TAG_CAPTION) && n->parent == table) {
      built.grid.caption = NodeText(n);
    }
  });
  if (built.grid.caption.empty() && out_.blocks.size() > blocks_at_last_table_) {
    built.grid.caption = out_.blocks.back().text;
  }
  blocks_at_last_table_ = out_.blocks.size();
  if (built.grid.height() > 0) out_.tables.push_back(std::move(built.grid));
  return false;
}

std::vector<Attachment> Attachments(const GumboNode* root, const BodyMatch& body,
                                    std::string_view page_url, const LinkResolver& resolve_link) {
  std::vector<Attachment> found = CollectAttachments(body.node, page_url, resolve_link);
  if (found.empty()) found = CollectAttachments(root, page_url, resolve_link, /*skip_chrome=*/true);
  return found;
}

}  // namespace

Result<Article> ExtractArticle(std::string_view utf8_html, std::string_view page_url,
                               const ArticleLimits& limits, const LinkResolver& resolve_link) {
  // Checked before the copy, so an oversized page is not copied to be refused.
  if (utf8_html.size() > limits.max_bytes) {
    return LimitExceeded("page of " + std::to_string(utf8_html.size()) +
                         " bytes exceeds the limit of " + std::to_string(limits.max_bytes) + " bytes");
  }
  return ExtractArticleFrom(std::string(utf8_html), page_url, limits, resolve_link);
}

Result<Article> ExtractArticleFrom(std::string utf8_html, std::string_view page_url,
                                   const ArticleLimits& limits, const LinkResolver& resolve_link) {
  if (utf8_html.size() > limits.max_bytes) {
    return LimitExceeded("page of " + std::to_string(utf8_html.size()) +
                         " bytes exceeds the limit of " + std::to_string(limits.max_bytes) + " bytes");
  }
  if (IsBlank(utf8_html)) return ParseError("empty page: no bytes other than whitespace");
  HtmlLimits html_limits;
  html_limits.max_bytes = limits.max_bytes;
  html_limits.max_depth = limits.max_depth;
  Result<HtmlDocument> doc = HtmlDocument::Parse(std::move(utf8_html), html_limits);
  if (!doc.ok()) return doc.status();
  const GumboNode* root = doc->root();
  const BodyMatch body = FindBody(root);
  if (body.node == nullptr) return ParseError("page has no <body> element");
  Article a;
  if (doc->flattened()) {
    a.warnings.push_back("nesting deeper than " + std::to_string(limits.max_depth) +
                         " elements was flattened");
  }
  a.container = body.container;
  a.title = FindTitle(root);
  a.published = FindPublished(root);
  a.content_source = FindContentSource(root);
  BodyWalker(limits, a).Walk(body.node);
  a.attachments = Attachments(root, body, page_url, resolve_link);
  if (a.blocks.empty() && a.tables.empty() && a.attachments.empty()) {
    return ParseError("no article body: container " + a.container +
                      " holds no text, table or attachment");
  }
  return a;
}

}  // namespace nianbao::parser
