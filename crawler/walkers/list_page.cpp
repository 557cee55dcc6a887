// Value helpers of the walker's result types.
#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

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
