#include "documents/read_failure.h"

namespace nianbao::documents {

const char* ReadFailureKindName(ReadFailureKind kind) {
  switch (kind) {
    case ReadFailureKind::kEncrypted: return "encrypted";
    case ReadFailureKind::kUnsupported: return "unsupported";
    case ReadFailureKind::kBroken: return "broken";
    case ReadFailureKind::kLimit: return "limit";
    case ReadFailureKind::kNoText: return "no_text";
    case ReadFailureKind::kCrashed: return "crashed";
  }
  return "broken";
}

}  // namespace nianbao::documents
