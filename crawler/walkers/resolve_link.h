// ResolveLink: the one place the walkers turn an href into an absolute URL,
// in crawler/url.h's canonical form. Links that name no fetchable document
// (empty, "#…", javascript:, mailto:) are nullopt rather than errors: a list
// page is full of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nianbao::crawler {

// `href` resolved against `base`; nullopt for empty and fragment-only hrefs
// and for anything that does not resolve to an http(s) URL.
std::optional<std::string> ResolveLink(std::string_view base, std::string_view href);

}  // namespace nianbao::crawler
