// Small text and URL-query helpers shared by the list-page walkers. Pure
// functions over UTF-8 strings; nothing here allocates beyond its result.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.h"  // TrimSpace, RemoveSpaces, FindDate

namespace nianbao::crawler {

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view s);
// Decodes %XX and '+' (form encoding); malformed escapes are kept verbatim.
std::string UrlDecode(std::string_view s);

// key=value pairs of a query string or form body (still encoded), in order.
std::vector<std::pair<std::string, std::string>> SplitQuery(std::string_view query);
// The query part of `url` (after '?', before '#'); empty when none.
std::string_view QueryOf(std::string_view url);
// `url` without query and fragment.
std::string_view WithoutQuery(std::string_view url);
// The raw (encoded) value of the first `key` in a query or form body.
std::optional<std::string> QueryValue(std::string_view query, std::string_view key);
// `query` (or form body) with `key` set to the already-encoded `value`:
// replaced in place when present, appended otherwise.
std::string SetQueryValue(std::string_view query, std::string_view key, std::string_view value);

// "scheme://host[:port]" of `url`; empty when it has no scheme.
std::string SchemeHostOf(std::string_view url);
// The column id N of a Hanweb /col/col{N}/ URL, or "".
std::string HanwebColumnId(std::string_view url);

// The decimal integer at the start of `s` (after spaces and quotes).
std::optional<long long> ParseLeadingInt(std::string_view s);

// Fields of a JavaScript object literal `{a:1, 'b':'x', c:"y"}` in order,
// values unquoted. Nested objects/arrays are kept as raw text.
std::vector<std::pair<std::string, std::string>> JsObjectFields(std::string_view object_text);
// The text of the {...} object that starts at or after `from` in `s`,
// braces balanced and quotes respected; empty when unbalanced.
std::string_view BalancedObject(std::string_view s, std::size_t from);

}  // namespace nianbao::crawler
