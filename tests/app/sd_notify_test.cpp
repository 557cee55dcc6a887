// Tests for app/sd_notify.h against a real AF_UNIX datagram socket standing
// in for systemd's notification socket.
#include "app/daemon/sd_notify.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace nianbao::app {
namespace {

// Sets (or unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A bound datagram socket in /tmp (sun_path is short), removed on exit.
class NotifySocket {
 public:
  NotifySocket() {
    path_ = "/tmp/nianbao-sd-test." + std::to_string(::getpid()) + ".sock";
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof addr.sun_path);
    path_.copy(addr.sun_path, path_.size());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{5, 0};  // bounds a failing test; never an assertion on time
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::string Receive() {
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n < 0 ? std::string("<nothing>") : std::string(buf, static_cast<std::size_t>(n));
  }

 private:
  std::string path_;
  int fd_ = -1;
};

TEST_CASE("every message reaches the NOTIFY_SOCKET as systemd expects it") {
  NotifySocket sock;
  ScopedEnv env("NOTIFY_SOCKET", sock.path().c_str());
  CHECK(sd::Ready());
  CHECK(sock.Receive() == "READY=1");
  CHECK(sd::Status("342 hosts\nqueue 18233"));
  CHECK(sock.Receive() == "STATUS=342 hosts queue 18233");
  CHECK(sd::Stopping());
  CHECK(sock.Receive() == "STOPPING=1");
  CHECK(sd::Watchdog());
  CHECK(sock.Receive() == "WATCHDOG=1");
  CHECK(sd::Reloading());
  const std::string reload = sock.Receive();
  CHECK(reload.rfind("RELOADING=1\nMONOTONIC_USEC=", 0) == 0);
  const std::string usec = reload.substr(reload.find('=', 12) + 1);
  CHECK_FALSE(usec.empty());
  CHECK(usec.find_first_not_of("0123456789") == std::string::npos);
}

TEST_CASE("without NOTIFY_SOCKET every call is a no-op") {
  ScopedEnv env("NOTIFY_SOCKET", nullptr);
  CHECK_FALSE(sd::Ready());
  CHECK_FALSE(sd::Status("x"));
  CHECK_FALSE(sd::Reloading());
  CHECK_FALSE(sd::Stopping());
  CHECK_FALSE(sd::Watchdog());
}

TEST_CASE("the watchdog interval comes from WATCHDOG_USEC for this process only") {
  {
    ScopedEnv usec("WATCHDOG_USEC", nullptr);
    ScopedEnv pid("WATCHDOG_PID", nullptr);
    CHECK_FALSE(sd::WatchdogInterval().has_value());
  }
  {
    const std::string me = std::to_string(::getpid());
    ScopedEnv usec("WATCHDOG_USEC", "30000000");
    ScopedEnv pid("WATCHDOG_PID", me.c_str());
    REQUIRE(sd::WatchdogInterval().has_value());
    CHECK(sd::WatchdogInterval()->count() == 30000000);
  }
  {
    const std::string other = std::to_string(::getpid() + 1);
    ScopedEnv usec("WATCHDOG_USEC", "30000000");
    ScopedEnv pid("WATCHDOG_PID", other.c_str());
    CHECK_FALSE(sd::WatchdogInterval().has_value());
  }
}

}  // namespace
}  // namespace nianbao::app
