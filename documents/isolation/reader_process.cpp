#include "documents/isolation/reader_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "documents/isolation/wire.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NIANBAO_READER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define NIANBAO_READER_SANITIZER 1
#endif
#endif

namespace nianbao::documents {
namespace {

constexpr std::size_t kMaxAnswerBytes = 64u << 20;
constexpr std::size_t kStderrTail = 4096;
constexpr rlim_t kChildFiles = 32;

ReadFailure Fail(ReadFailureKind kind, std::string detail) { return ReadFailure{kind, std::move(detail)}; }

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    Reset();
    fd_ = std::exchange(o.fd_, -1);
    return *this;
  }
  ~Fd() { Reset(); }
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

bool MakePipe(Pipe* p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  p->read = Fd(fds[0]);
  p->write = Fd(fds[1]);
  return true;
}

// Children at once, process-wide: each holds up to address_space_bytes.
class ReaderGate {
 public:
  void Enter(int max) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return running_ < (max < 1 ? 1 : max); });
    ++running_;
  }
  void Leave() {
    std::lock_guard lock(mu_);
    --running_;
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;
};

ReaderGate& Gate() {
  static ReaderGate gate;
  return gate;
}

// Blocks SIGPIPE in this thread for its lifetime and swallows one raised by
// a write to a child that has gone, so the caller sees EPIPE instead.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, &old_);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeBlock() {
    if (!was_pending_) {
      sigset_t pipe;
      sigemptyset(&pipe);
      sigaddset(&pipe, SIGPIPE);
      const timespec zero{0, 0};
      while (sigtimedwait(&pipe, nullptr, &zero) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t old_;
  bool was_pending_ = false;
};

// In the forked child: only async-signal-safe calls until execv.
[[noreturn]] void ExecReader(const ReaderOptions& o, char* const argv[], int in, int out, int err) {
  if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
  ::syscall(SYS_close_range, 3u, ~0u, 0u);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  const rlim_t cpu = static_cast<rlim_t>(o.cpu_seconds < 1 ? 1 : o.cpu_seconds);
  const rlimit cpu_limit{cpu, cpu + 1};  // SIGXCPU at the soft limit, SIGKILL a second later
  const rlimit zero{0, 0};
  const rlimit files{kChildFiles, kChildFiles};
  if (::setrlimit(RLIMIT_CPU, &cpu_limit) != 0 || ::setrlimit(RLIMIT_FSIZE, &zero) != 0 ||
      ::setrlimit(RLIMIT_CORE, &zero) != 0 || ::setrlimit(RLIMIT_NOFILE, &files) != 0)
    ::_exit(126);
#ifndef NIANBAO_READER_SANITIZER
  const rlimit as{o.address_space_bytes, o.address_space_bytes};
  if (::setrlimit(RLIMIT_AS, &as) != 0) ::_exit(126);
#endif
  ::execv(argv[0], argv);
  ::_exit(127);
}

struct ChildRun {
  std::string answer;
  std::string stderr_tail;
  bool answer_too_big = false;
  bool timed_out = false;
  int status = 0;
  rusage usage{};
};

void AppendTail(std::string* tail, const char* data, std::size_t n) {
  tail->append(data, n);
  if (tail->size() > kStderrTail) tail->erase(0, tail->size() - kStderrTail);
}

// Feeds stdin, drains stdout and stderr until both close, the answer grows
// past its bound or the wall clock runs out; then kills if needed and reaps.
void Converse(pid_t pid, std::string_view bytes, Fd in, Fd out, Fd err, int wall_seconds, ChildRun* run) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wall_seconds);
  ::fcntl(in.get(), F_SETFL, O_NONBLOCK);
  std::size_t sent = 0;
  if (bytes.empty()) in.Reset();
  char buf[1 << 16];
  bool kill = false;
  while ((out.get() >= 0 || err.get() >= 0) && !kill) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      run->timed_out = kill = true;
      break;
    }
    pollfd fds[3] = {{in.get(), POLLOUT, 0}, {out.get(), POLLIN, 0}, {err.get(), POLLIN, 0}};
    int n = ::poll(fds, 3, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    if (fds[0].revents != 0) {
      ssize_t w = ::write(in.get(), bytes.data() + sent, std::min<std::size_t>(bytes.size() - sent, sizeof buf));
      if (w > 0) sent += static_cast<std::size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == bytes.size()) in.Reset();
    }
    if (fds[1].revents != 0) {
      ssize_t r = ::read(out.get(), buf, sizeof buf);
      if (r > 0) run->answer.append(buf, static_cast<std::size_t>(r));
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) out.Reset();
      if (run->answer.size() > kMaxAnswerBytes) run->answer_too_big = kill = true;
    }
    if (fds[2].revents != 0) {
      ssize_t r = ::read(err.get(), buf, sizeof buf);
      if (r > 0) AppendTail(&run->stderr_tail, buf, static_cast<std::size_t>(r));
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) err.Reset();
    }
  }
  if (kill) ::kill(pid, SIGKILL);
  in.Reset();
  out.Reset();
  err.Reset();
  // Both pipes closed: the child has exited or is about to. A child that
  // closed them and went on running is still bounded by the wall clock.
  for (;;) {
    pid_t r = ::wait4(pid, &run->status, WNOHANG, &run->usage);
    if (r == pid || (r < 0 && errno != EINTR)) return;
    if (std::chrono::steady_clock::now() >= deadline && !kill) {
      run->timed_out = kill = true;
      ::kill(pid, SIGKILL);
    }
    if (kill) {
      while (::wait4(pid, &run->status, 0, &run->usage) < 0 && errno == EINTR) {
      }
      return;
    }
    ::usleep(2000);
  }
}

std::string LastLine(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const std::size_t nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

Extraction Outcome(const ChildRun& run, const ReaderOptions& o) {
  const double cpu = static_cast<double>(run.usage.ru_utime.tv_sec + run.usage.ru_stime.tv_sec) +
                     (run.usage.ru_utime.tv_usec + run.usage.ru_stime.tv_usec) / 1e6;
  const bool cpu_spent = cpu >= o.cpu_seconds - 0.05;
  // Our own SIGKILL says why we sent it; any other SIGKILL is the hard CPU
  // limit (one second past the soft one whose SIGXCPU was ignored).
  if (run.timed_out)
    return Fail(ReadFailureKind::kLimit, "reader: no answer within " + std::to_string(o.wall_seconds) + " s");
  if (run.answer_too_big)
    return Fail(ReadFailureKind::kBroken, "reader: answer over " + std::to_string(kMaxAnswerBytes >> 20) + " MiB");
  if (WIFSIGNALED(run.status)) {
    const int sig = WTERMSIG(run.status);
    if (sig == SIGXCPU || (sig == SIGKILL && cpu_spent))
      return Fail(ReadFailureKind::kLimit, "reader: CPU time over " + std::to_string(o.cpu_seconds) + " s");
    return Fail(ReadFailureKind::kCrashed,
                "reader: killed by signal " + std::to_string(sig) + " (" + SignalName(sig) + ")");
  }
  const int code = WIFEXITED(run.status) ? WEXITSTATUS(run.status) : -1;
  if (code == 127) return Fail(ReadFailureKind::kBroken, "reader: cannot execute " + o.reader_exe);
  if (code != 0) {
    std::string line = LastLine(run.stderr_tail);
    return Fail(ReadFailureKind::kBroken,
                "reader: exited with status " + std::to_string(code) + (line.empty() ? "" : ": " + line));
  }
  return DecodeExtraction(run.answer, WireLimits{kMaxAnswerBytes});
}

}  // namespace

const char* SignalName(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGSYS: return "SIGSYS";
    case SIGPIPE: return "SIGPIPE";
    case SIGTRAP: return "SIGTRAP";
  }
  return "unnamed signal";
}

Extraction ReadInChild(std::string_view bytes, const ReaderOptions& options) {
  // Everything the child needs is built before fork: after it, only
  // async-signal-safe calls (the parent may have other threads).
  std::string exe = options.reader_exe, verb = "__read-document", flag = "--limits",
              limits = EncodeLimits(options.limits);
  char* argv[] = {exe.data(), verb.data(), flag.data(), limits.data(), nullptr};
  Pipe in, out, err;
  if (!MakePipe(&in) || !MakePipe(&out) || !MakePipe(&err))
    return Fail(ReadFailureKind::kBroken, std::string("reader: cannot make pipes: ") + std::strerror(errno));

  Gate().Enter(options.concurrent_readers);
  struct Leave {
    ~Leave() { Gate().Leave(); }
  } leave;
  SigpipeBlock no_sigpipe;
  const pid_t pid = ::fork();
  if (pid < 0) return Fail(ReadFailureKind::kBroken, std::string("reader: cannot fork: ") + std::strerror(errno));
  if (pid == 0) ExecReader(options, argv, in.read.get(), out.write.get(), err.write.get());
  in.read.Reset();
  out.write.Reset();
  err.write.Reset();
  ChildRun run;
  Converse(pid, bytes, std::move(in.write), std::move(out.read), std::move(err.read),
           options.wall_seconds < 1 ? 1 : options.wall_seconds, &run);
  return Outcome(run, options);
}

}  // namespace nianbao::documents
