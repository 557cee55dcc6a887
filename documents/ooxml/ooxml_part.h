// The XML parts of an OOXML package, parsed within the limits: a part is read
// from its ZipArchive (size, ratio and running-total bounds), parsed by
// pugixml (which parses without recursion) and refused when its elements nest
// deeper than max_xml_depth, so every walk over it may recurse safely.
// Names are compared by local name ("w:p" and "p" in any prefix), since
// producers pick their own prefixes.
//
// Stateless helpers; the xml_document is owned by the caller.
#pragma once

#include <pugixml.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "documents/limits.h"
#include "documents/read_failure.h"
#include "documents/zip/zip_archive.h"

namespace nianbao::documents {

using XmlPart = std::unique_ptr<pugi::xml_document>;

// The part `name` of `package` parsed; kBroken (missing, malformed), kLimit
// (nesting, size) or kEncrypted. `label` is "DOCX" or "XLSX".
std::variant<XmlPart, ReadFailure> ReadXmlPart(ZipArchive& package, std::string_view name, const ExtractLimits& limits,
                                               std::string_view label);

// The name after the prefix: "w:tbl" → "tbl".
std::string_view LocalName(const char* qualified);
inline bool Is(const pugi::xml_node& n, std::string_view local) { return LocalName(n.name()) == local; }
// The first child whose local name is `local`, or an empty node.
pugi::xml_node Child(const pugi::xml_node& n, std::string_view local);
// The value of the attribute whose local name is `local` ("w:val" → "val"), or "".
std::string_view Attr(const pugi::xml_node& n, std::string_view local);

// Runs of ASCII whitespace, U+3000 and U+00A0 to one space, trimmed: the
// Grid's cell text rule (parser/tables/grid.h).
std::string CollapseSpace(std::string_view s);

}  // namespace nianbao::documents
