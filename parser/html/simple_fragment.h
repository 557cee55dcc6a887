// Reading small, well-formed HTML fragments without building a tree. List
// records (Hanweb <record>s such as <li><a href='…' title='…'>…</a>
// <span>2022-03-01</span></li>) are parsed one by one, and a full gumbo parse
// of each costs far more than the record. ReadSimpleFragment accepts only a
// strict subset on which gumbo's tree is plain nesting of the source's tags —
// a few phrasing and list tags, properly nested and closed in order, attribute
// values without character references, no comments, raw text, '&', NUL or CR,
// at most 64 elements deep —
// and then returns what HtmlDocument::Parse + Attr + NodeText would give.
// Anything outside the subset is refused (nullopt) for the caller to parse.
// Pure function, no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nianbao::parser {

struct SimpleFragment {
  // The first <a> with a non-empty href, in document order, when there is one.
  struct Link {
    std::string href;   // Attr(a, "href"), as written
    std::string title;  // Attr(a, "title"), as written; "" when absent
    std::string text;   // NodeText(a)
  };
  std::optional<Link> first_link;
  std::string text;  // NodeText of the parsed fragment's root
};

// nullopt when `html` is not in the subset above (or is not valid UTF-8).
std::optional<SimpleFragment> ReadSimpleFragment(std::string_view html);

}  // namespace nianbao::parser
