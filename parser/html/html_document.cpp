#include "parser/html/html_document.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "parser/html/nesting_bound.h"
#include "parser/text_builder.h"

namespace nianbao::parser {
namespace {

// Gumbo keeps every parse error; a garbage page would otherwise hold millions.
constexpr int kMaxGumboErrors = 100;

bool IsBlockBoundary(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_LI:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_HR: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FORM: case GUMBO_TAG_CENTER: case GUMBO_TAG_ADDRESS:
      return true;
    default:
      return false;
  }
}

bool IsSkipped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE;
}

}  // namespace

void HtmlDocument::GumboDeleter::operator()(GumboOutput* out) const {
  if (out != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, out);
}

Result<HtmlDocument> HtmlDocument::Parse(std::string utf8_html, const HtmlLimits& limits) {
  if (utf8_html.size() > limits.max_bytes) {
    return LimitExceeded("HTML page of " + std::to_string(utf8_html.size()) +
                         " bytes exceeds the limit of " + std::to_string(limits.max_bytes) +
                         " bytes");
  }
  HtmlDocument doc;
  // Nesting needs a start tag, hence a '<', per level: a page with no more of
  // them than max_depth cannot be too deep, and skips the pre-pass.
  const auto angles = static_cast<std::size_t>(std::count(utf8_html.begin(), utf8_html.end(), '<'));
  if (angles > static_cast<std::size_t>(std::max(limits.max_depth, 1))) {
    doc.flattened_ = BoundNesting(utf8_html, limits.max_depth);
  }
  doc.html_ = std::make_unique<std::string>(std::move(utf8_html));
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = kMaxGumboErrors;
  doc.out_.reset(gumbo_parse_with_options(&options, doc.html_->data(), doc.html_->size()));
  if (doc.out_ == nullptr || doc.out_->root == nullptr) {
    return Internal("gumbo returned no tree for a page of " + std::to_string(doc.html_->size()) +
                    " bytes");
  }
  return doc;
}

std::string_view Attr(const GumboNode* node, const char* name) {
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a == nullptr ? std::string_view() : std::string_view(a->value);
}

namespace {

// NodeText, stopping once the text has `stop_at` bytes: TextBuilder's output
// only grows, so a prefix that long proves the whole text is at least as long.
// Iterative on purpose: the text of a deep subtree must not cost stack depth.
std::string CollectText(const GumboNode* node, std::size_t stop_at) {
  TextBuilder text;
  if (node == nullptr) return {};
  // A null entry marks the end of an element, where a block boundary is due.
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty() && text.size() < stop_at) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n == nullptr) {
      text.Break();
      continue;
    }
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        text.Append(n->v.text.text);
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboTag tag = n->v.element.tag;
        if (IsSkipped(tag)) break;
        const bool block = IsBlockBoundary(tag);
        if (block) {
          text.Break();
          stack.push_back(nullptr);
        }
        const GumboVector& kids = n->v.element.children;
        for (unsigned i = kids.length; i > 0; --i) {
          stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
        }
        break;
      }
      default:
        break;
    }
  }
  return text.Take();
}

}  // namespace

bool IsTextBlockBoundary(GumboTag tag) { return IsBlockBoundary(tag); }

std::string NodeText(const GumboNode* node) { return CollectText(node, std::string::npos); }

bool NodeTextReaches(const GumboNode* node, std::size_t bytes) { return CollectText(node, bytes).size() >= bytes; }

}  // namespace nianbao::parser
