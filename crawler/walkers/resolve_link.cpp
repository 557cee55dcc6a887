// Delegates to the fetcher's ResolveUrl (curl's URL API, canonical form) so a
// listed link and the URL later fetched and deduplicated are the same string.
#include "crawler/walkers/resolve_link.h"

#include "crawler/walkers/scan_util.h"
#include "net/url.h"

namespace nianbao::crawler {

std::optional<std::string> ResolveLink(std::string_view base, std::string_view href) {
  href = TrimSpace(href);
  if (href.empty() || href.front() == '#') return std::nullopt;
  Result<std::string> url = net::ResolveUrl(base, href);
  if (!url.ok()) return std::nullopt;
  return std::move(url).value();
}

}  // namespace nianbao::crawler
