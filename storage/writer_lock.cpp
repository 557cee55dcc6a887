// flock rather than fcntl locks: fcntl locks are per process, so a second
// writer opened by the same process would silently share the lock, and closing
// any descriptor of the file would drop it.
#include "storage/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace nianbao::storage {
namespace {

// The pid a holder wrote, or nullopt when unreadable; only used in messages.
std::optional<long> ReadHolder(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
  if (n <= 0) return std::nullopt;
  char* end = nullptr;
  long pid = std::strtol(buf, &end, 10);
  if (end == buf || pid <= 0) return std::nullopt;
  return pid;
}

}  // namespace

Result<std::unique_ptr<WriterLock>> WriterLock::Acquire(const std::string& db_path) {
  std::string lock_path = db_path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(lock_path + ": cannot open lock file: " + std::strerror(errno));
  auto lock = std::make_unique<WriterLock>(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err == EWOULDBLOCK) {
      std::optional<long> holder = ReadHolder(fd);
      return Busy(db_path + " is in use by another nianbao writer (pid " +
                  (holder ? std::to_string(*holder) : std::string("unknown")) +
                  ", lock " + lock_path + "); stop it or use the read-only commands");
    }
    return IoError(lock_path + ": flock: " + std::strerror(err));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return IoError(lock_path + ": cannot record pid: " + std::strerror(errno));
  }
  return lock;
}

WriterLock::~WriterLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

WriterState ProbeWriter(const std::string& db_path) {
  WriterState state;
  std::string lock_path = db_path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return state;  // no lock file: no writer has ever run here
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd, LOCK_UN);
  } else if (errno == EWOULDBLOCK) {
    state.running = true;
    state.pid = ReadHolder(fd);
  }
  ::close(fd);
  return state;
}

}  // namespace nianbao::storage
