// Value helpers of the walker's result types.
#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

bool operator==(const PageRequest& a, const PageRequest& b) {
  return a.url == b.url && a.method == b.method && a.body == b.body && a.content_type == b.content_type &&
         a.headers == b.headers;
}

std::string_view ColumnKindName(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kHanwebDatastore: return "hanweb-datastore";
    case ColumnKind::kHanwebXxgk: return "hanweb-xxgk";
    case ColumnKind::kCommonSearch: return "common-search";
    case ColumnKind::kTrs: return "trs";
    case ColumnKind::kGeneric: return "generic";
    case ColumnKind::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace nianbao::crawler
