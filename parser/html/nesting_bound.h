// BoundNesting: a cheap pre-pass over raw HTML that keeps gumbo's tree shallow.
//
// Gumbo frees its tree recursively and some deep trees cost it quadratic time,
// so a page with 100,000 nested elements must not reach it as written. The pass
// tracks the nesting of start and end tags as written (skipping comments,
// <script>/<style>/<textarea>/<title> bodies and void elements); past
// `max_depth` it drops further start tags — and the end tags that match them —
// so their text stays in order, one level up. Gumbo's implied elements (tbody,
// tr, html/head/body) can add a small constant factor to the resulting depth.
// It never fails and never grows the input.
#pragma once

#include <string>

namespace nianbao::parser {

// Rewrites `html` in place when it nests deeper than `max_depth`; returns true
// when something was dropped.
bool BoundNesting(std::string& html, int max_depth);

}  // namespace nianbao::parser
