#include "common/status.h"

namespace nianbao {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid argument";
    case Code::kNotFound: return "not found";
    case Code::kCorrupt: return "corrupt";
    case Code::kIoError: return "I/O error";
    case Code::kBusy: return "busy";
    case Code::kReadOnly: return "read-only";
    case Code::kNetwork: return "network error";
    case Code::kLimit: return "limit exceeded";
    case Code::kParse: return "parse error";
    case Code::kUnavailable: return "unavailable";
    case Code::kFailedPrecondition: return "failed precondition";
    case Code::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const { return ok() ? std::string("ok") : message_; }

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string m(context);
  m += ": ";
  m += message_;
  return Status(code_, std::move(m));
}

}  // namespace nianbao
