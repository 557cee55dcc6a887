// Status and Result<T>: how errors cross module boundaries in nianbao.
//
// A Status is either ok or a (Code, message) pair. The message is written for an
// operator: it names what failed and where (a file and line, a URL, a table name)
// and the cause, e.g. "nianbao.toml:12: crawler.timeout_s: must be > 0".
// Result<T> holds either a T or a non-ok Status; it is the std::expected that
// C++20 lacks. Both are cheap to move and carry no exceptions.
//
// Absence is not failure: "queue empty", "robots disallow", "HTTP 404" are
// outcomes in the returned data, not error Codes.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace nianbao {

enum class Code {
  kOk = 0,
  kInvalidArgument,  // bad usage, bad configuration or bad input data (exit 2)
  kNotFound,         // a named thing (file, agency, report) does not exist
  kCorrupt,          // a file is damaged or is not what it claims (e.g. not SQLite)
  kIoError,          // an operating-system call failed
  kBusy,             // another process holds a lock we need (a second writer)
  kReadOnly,         // a write was attempted on a read-only store
  kNetwork,          // a transfer failed: DNS, connect, TLS, timeout, reset
  kLimit,            // a size, depth or count limit was hit
  kParse,            // input could not be understood (HTML, JSON, XML, tables)
  kUnavailable,      // a feature is not built or not yet available (exit 2)
  kFailedPrecondition,  // the stored state forbids the step: a state-machine step out of
                        // order, a violated constraint, a database schema this build cannot use (exit 3)
  kInternal,         // a bug: an invariant was broken
};

std::string_view CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "message" for errors, "ok" for success.
  std::string ToString() const;

  // A copy whose message is "context: message"; ok stays ok.
  Status WithContext(std::string_view context) const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
inline Status Corrupt(std::string m) { return {Code::kCorrupt, std::move(m)}; }
inline Status IoError(std::string m) { return {Code::kIoError, std::move(m)}; }
inline Status Busy(std::string m) { return {Code::kBusy, std::move(m)}; }
inline Status NetworkError(std::string m) { return {Code::kNetwork, std::move(m)}; }
inline Status LimitExceeded(std::string m) { return {Code::kLimit, std::move(m)}; }
inline Status ParseError(std::string m) { return {Code::kParse, std::move(m)}; }
inline Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
inline Status FailedPrecondition(std::string m) { return {Code::kFailedPrecondition, std::move(m)}; }
inline Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

// Either a value or a non-ok Status.
// REQUIRES: a Result is never built from an ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                       // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // The error; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace nianbao

// Propagates a non-ok Status from an expression returning Status.
#define NIANBAO_RETURN_IF_ERROR(expr)           \
  do {                                          \
    ::nianbao::Status _st = (expr);             \
    if (!_st.ok()) return _st;                  \
  } while (0)
