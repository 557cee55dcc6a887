// WriterLock: the proof that this process is the one writer of a database file.
// It holds an exclusive flock(2) on "<db>.lock" and writes its pid there, so a
// second writer (a `nianbao crawl` while `nianbao run` holds the file) is refused
// with a message naming the holder. The kernel drops the lock when the process
// dies, even by SIGKILL, so a crashed writer never blocks its successor.
// flock locks belong to the open file description, so a second Acquire in the
// same process is refused too.
// Ownership: owns the lock file descriptor; the destructor unlocks and closes it.
// ProbeWriter is the readers' side of the same lock: who writes, if anyone.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/status.h"

namespace nianbao::storage {

class WriterLock {
 public:
  // Locks "<db_path>.lock", creating it if needed.
  // Errors: kBusy "… is in use by another nianbao writer (pid N)"; kIoError when
  // the lock file cannot be created.
  static Result<std::unique_ptr<WriterLock>> Acquire(const std::string& db_path);
  explicit WriterLock(int fd) : fd_(fd) {}
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  int fd_;
};

// Who holds the writer lock "<db>.lock", as a reader sees it.
struct WriterState {
  bool running = false;     // a writer holds the lock now
  std::optional<long> pid;  // as the holder recorded it; nullopt when unreadable
};

// Probes the lock with a non-blocking shared flock on a read-only descriptor,
// released at once: it conflicts with a writer's exclusive lock, so success
// means nobody writes. Never creates the lock file and never fails: a lock
// file that cannot be opened (none yet) means no writer.
WriterState ProbeWriter(const std::string& db_path);

}  // namespace nianbao::storage
