// Clock: the one source of "now" for code whose behaviour depends on time
// (leases, retry times, politeness gaps, deadlines). Production code uses
// SystemClock; tests use ManualClock and move time by hand.
//
// Times are Unix milliseconds (int64) in UTC: they go into SQLite as INTEGER
// and survive a restart, which a steady_clock time_point does not.
#pragma once

#include <atomic>
#include <cstdint>

namespace nianbao {

using UnixMillis = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMillis Now() const = 0;
};

// Wall-clock time from the operating system. Thread-safe.
class SystemClock final : public Clock {
 public:
  UnixMillis Now() const override;
  static SystemClock& Instance();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMillis start = 0) : now_(start) {}
  UnixMillis Now() const override { return now_.load(); }
  void Set(UnixMillis t) { now_.store(t); }
  void Advance(UnixMillis by) { now_.fetch_add(by); }

 private:
  std::atomic<UnixMillis> now_;
};

}  // namespace nianbao
