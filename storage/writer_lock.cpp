// flock rather than fcntl locks: fcntl locks are per process, so a second
// writer opened by the same process would silently share the lock, and closing
// any descriptor of the file would drop it.
#include "storage/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace nianbao::storage {
namespace {

// The pid a holder wrote, or "" when unreadable; only used in messages.
std::string ReadHolder(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
  if (n <= 0) return std::string();
  std::string s(buf, static_cast<std::size_t>(n));
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
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
      std::string holder = ReadHolder(fd);
      return Busy(db_path + " is in use by another nianbao writer (pid " + (holder.empty() ? "unknown" : holder) +
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

}  // namespace nianbao::storage
