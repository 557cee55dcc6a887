// The wire format between the reader child and its parent: one Extraction
// (DocumentParts with every field, or a ReadFailure) as a JSON object.
//
//   {"parts": {kind, title, published|null, content_source, blocks:[{text,
//     emphasized}], tables:[{rows:[[{text, spanned}]], caption, ragged,
//     source_widths, page}], attachments:[{url,text,kind}], warnings, pages}}
//   {"failure": {"kind": "limit", "detail": "…"}}
//
// Decoding trusts nothing: the child may be hostile or half-dead. Every
// field is type-checked, sizes are bounded by WireLimits, unknown kinds are
// refused; any defect gives a kBroken ReadFailure "reader: malformed answer: …"
// (never an exception). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

struct WireLimits {
  std::size_t max_answer_bytes = 64u << 20;  // the whole answer, as read from the child
  std::size_t max_items = 1u << 20;          // blocks, tables, rows, cells, warnings, each
};

std::string EncodeExtraction(const Extraction& e);

Extraction DecodeExtraction(std::string_view answer, const WireLimits& limits = {});

// The ExtractLimits the parent hands the child (one argv word). Decoding
// refuses anything but exactly the fields of ExtractLimits, each in range,
// and returns false then.
std::string EncodeLimits(const ExtractLimits& limits);
bool DecodeLimits(std::string_view text, ExtractLimits* out);

}  // namespace nianbao::documents
