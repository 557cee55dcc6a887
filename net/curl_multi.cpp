// The glue follows libcurl's documented multi_socket contract (see
// notes/crawlers.md §3.2) rather than the removed asiohiper example:
//  - waits are re-armed after every readiness event for as long as curl keeps
//    its interest, because curl expects level-style "keep watching" semantics;
//  - a stale wait (interest changed, fd closed, fd number reused) is detected
//    by looking up (fd, id) again, so no handler touches freed state;
//  - we never call back into libcurl from inside one of its callbacks: the
//    timer callback only re-arms the Asio timer, and finished transfers are
//    reaped after curl_multi_socket_action returns.
#include "net/curl_multi.h"

#include "net/address_policy.h"

#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace nianbao::net {

namespace asio = boost::asio;
using boost::system::error_code;

struct CurlMulti::Core : std::enable_shared_from_this<CurlMulti::Core> {
  struct Socket {
    uint64_t id = 0;
    bool owned = false;  // created by OpenSocket, closed by CloseSocket
    std::unique_ptr<asio::posix::stream_descriptor> desc;
    bool want_read = false, want_write = false;
    bool read_pending = false, write_pending = false;
  };
  struct Transfer {
    CurlEasyPtr easy;
    DoneFn done;
  };

  explicit Core(asio::io_context& io_context) : io(io_context), timer(io_context) {}

  asio::io_context& io;
  CurlMultiPtr multi;
  asio::steady_timer timer;
  std::unordered_map<curl_socket_t, std::unique_ptr<Socket>> sockets;
  std::unordered_map<CURL*, Transfer> transfers;
  uint64_t next_id = 1;

  Socket* Find(curl_socket_t fd, uint64_t id) {
    auto it = sockets.find(fd);
    if (it == sockets.end() || (id != 0 && it->second->id != id)) return nullptr;
    return it->second.get();
  }

  // Forgets a wrapper; owned fds are closed, foreign ones only released.
  void Drop(curl_socket_t fd) {
    auto it = sockets.find(fd);
    if (it == sockets.end()) return;
    error_code ec;
    Socket& s = *it->second;
    s.desc->cancel(ec);
    if (s.owned) {
      s.desc->close(ec);
    } else {
      s.desc->release();
    }
    sockets.erase(it);
  }

  Socket* Register(curl_socket_t fd, bool owned) {
    Drop(fd);  // a stale wrapper for a reused number would make epoll fail with EEXIST
    auto s = std::make_unique<Socket>();
    s->id = next_id++;
    s->owned = owned;
    s->desc = std::make_unique<asio::posix::stream_descriptor>(io);
    error_code ec;
    s->desc->assign(fd, ec);
    if (ec) return nullptr;
    Socket* raw = s.get();
    sockets[fd] = std::move(s);
    return raw;
  }

  void Arm(curl_socket_t fd, Socket& s) {
    std::weak_ptr<Core> weak = weak_from_this();
    uint64_t id = s.id;
    if (s.want_read && !s.read_pending) {
      s.read_pending = true;
      s.desc->async_wait(asio::posix::descriptor_base::wait_read,
                         [weak, fd, id](const error_code& ec) {
                           if (auto core = weak.lock()) core->OnReady(fd, id, true, ec);
                         });
    }
    if (s.want_write && !s.write_pending) {
      s.write_pending = true;
      s.desc->async_wait(asio::posix::descriptor_base::wait_write,
                         [weak, fd, id](const error_code& ec) {
                           if (auto core = weak.lock()) core->OnReady(fd, id, false, ec);
                         });
    }
  }

  void OnReady(curl_socket_t fd, uint64_t id, bool read, const error_code& ec) {
    std::shared_ptr<Core> self = shared_from_this();
    Socket* s = Find(fd, id);
    if (s == nullptr) return;
    (read ? s->read_pending : s->write_pending) = false;
    if (ec == asio::error::operation_aborted) {
      Arm(fd, *s);  // cancelled by a REMOVE that curl has since undone
      return;
    }
    if (!(read ? s->want_read : s->want_write)) return;
    int mask = read ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
    if (ec) mask |= CURL_CSELECT_ERR;
    Action(fd, mask);
    if (Socket* again = Find(fd, id)) Arm(fd, *again);
    ReapDone();
  }

  void OnTimerExpired() {
    std::shared_ptr<Core> self = shared_from_this();
    Action(CURL_SOCKET_TIMEOUT, 0);
    ReapDone();
  }

  void Action(curl_socket_t fd, int mask) {
    if (!multi) return;
    int running = 0;
    curl_multi_socket_action(multi.get(), fd, mask, &running);
  }

  void ReapDone() {
    int left = 0;
    while (multi) {
      CURLMsg* msg = curl_multi_info_read(multi.get(), &left);
      if (msg == nullptr) break;
      if (msg->msg != CURLMSG_DONE) continue;
      // msg dies with remove_handle: copy what we need first.
      CURL* easy = msg->easy_handle;
      CURLcode result = msg->data.result;
      curl_multi_remove_handle(multi.get(), easy);
      auto it = transfers.find(easy);
      if (it == transfers.end()) continue;
      Transfer t = std::move(it->second);
      transfers.erase(it);
      if (t.done) t.done(std::move(t.easy), result);
    }
  }

  void Shutdown() {
    if (!multi) return;
    for (auto& [easy, t] : transfers) curl_multi_remove_handle(multi.get(), easy);
    transfers.clear();
    multi.reset();  // curl_multi_cleanup: closes cached connections via our callbacks
    error_code ec;
    timer.cancel(ec);
    while (!sockets.empty()) Drop(sockets.begin()->first);
  }

  // --- libcurl callbacks: record and re-arm only, never re-enter libcurl ---

  static int SocketCallback(CURL*, curl_socket_t fd, int what, void* userp, void*) {
    Core* core = static_cast<Core*>(userp);
    Socket* s = core->Find(fd, 0);
    if (what == CURL_POLL_REMOVE) {
      if (s == nullptr) return 0;
      s->want_read = s->want_write = false;
      if (s->owned) {
        error_code ec;
        s->desc->cancel(ec);  // REMOVE is not close: the fd may come back
      } else {
        core->Drop(fd);
      }
      return 0;
    }
    if (s == nullptr) s = core->Register(fd, /*owned=*/false);
    if (s == nullptr) return 0;  // cannot watch it; curl's own timeouts end the transfer
    s->want_read = (what & CURL_POLL_IN) != 0;
    s->want_write = (what & CURL_POLL_OUT) != 0;
    core->Arm(fd, *s);
    return 0;
  }

  static int TimerCallback(CURLM*, long timeout_ms, void* userp) {
    Core* core = static_cast<Core*>(userp);
    error_code ec;
    if (timeout_ms < 0) {
      core->timer.cancel(ec);
      return 0;
    }
    core->timer.expires_after(std::chrono::milliseconds(timeout_ms));
    std::weak_ptr<Core> weak = core->weak_from_this();
    core->timer.async_wait([weak](const error_code& e) {
      if (e == asio::error::operation_aborted) return;
      if (auto c = weak.lock()) c->OnTimerExpired();
    });
    return 0;
  }

  static curl_socket_t OpenSocket(void* clientp, curlsocktype purpose, curl_sockaddr* addr) {
    SocketGate* gate = static_cast<SocketGate*>(clientp);
    Core* core = static_cast<Core*>(gate->attached);
    if (purpose != CURLSOCKTYPE_IPCXN || core == nullptr) return CURL_SOCKET_BAD;
    if (gate->allow && !gate->allow(&addr->addr)) {
      gate->refused_address = AddressText(&addr->addr);
      return CURL_SOCKET_BAD;
    }
    int fd = ::socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
    if (fd < 0) return CURL_SOCKET_BAD;
    if (core->Register(fd, /*owned=*/true) == nullptr) {
      ::close(fd);
      return CURL_SOCKET_BAD;
    }
    return fd;
  }

  static int CloseSocket(void* clientp, curl_socket_t fd) {
    Core* core = static_cast<Core*>(clientp);
    Socket* s = core->Find(fd, 0);
    if (s != nullptr && s->owned) {
      core->Drop(fd);  // closes through Asio so the reactor forgets the fd first
      return 0;
    }
    if (s != nullptr) core->Drop(fd);
    return ::close(fd);
  }
};

CurlMulti::CurlMulti(asio::io_context& io) : core_(std::make_shared<Core>(io)) {
  core_->multi.reset(curl_multi_init());
  if (!core_->multi) return;  // Add reports the failure
  CURLM* m = core_->multi.get();
  curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, &Core::SocketCallback);
  curl_multi_setopt(m, CURLMOPT_SOCKETDATA, core_.get());
  curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, &Core::TimerCallback);
  curl_multi_setopt(m, CURLMOPT_TIMERDATA, core_.get());
}

CurlMulti::~CurlMulti() { core_->Shutdown(); }

void CurlMulti::Attach(CURL* easy, SocketGate* gate) {
  gate->attached = core_.get();
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Core::OpenSocket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, gate);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &Core::CloseSocket);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, core_.get());
}

Status CurlMulti::Add(CurlEasyPtr easy, DoneFn done) {
  if (!core_->multi) return Internal("curl_multi_init failed");
  if (!easy) return InvalidArgument("CurlMulti::Add: null easy handle");
  CURL* raw = easy.get();
  core_->transfers[raw] = Core::Transfer{std::move(easy), std::move(done)};
  CURLMcode rc = curl_multi_add_handle(core_->multi.get(), raw);
  if (rc != CURLM_OK) {
    core_->transfers.erase(raw);
    return Internal(std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc));
  }
  return Status::Ok();
}

CurlEasyPtr CurlMulti::Remove(CURL* easy) {
  auto it = core_->transfers.find(easy);
  if (it == core_->transfers.end()) return nullptr;
  if (core_->multi) curl_multi_remove_handle(core_->multi.get(), easy);
  CurlEasyPtr out = std::move(it->second.easy);
  core_->transfers.erase(it);
  return out;
}

size_t CurlMulti::in_flight() const { return core_->transfers.size(); }
size_t CurlMulti::sockets() const { return core_->sockets.size(); }

}  // namespace nianbao::net
