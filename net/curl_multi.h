// CurlMulti drives libcurl's multi interface from a Boost.Asio io_context:
// curl_multi_socket_action with CURLMOPT_SOCKETFUNCTION/TIMERFUNCTION, no
// thread per transfer and no polling. Each transfer costs one easy handle
// and, while connecting or reading, one registered descriptor.
//
// Ownership: CurlMulti owns the CURLM*, one steady_timer and a map of socket
// wrappers keyed by fd. Added easy handles are owned until they finish, when
// they are handed back to the caller's DoneFn together with the CURLcode.
// TCP sockets are created in the open-socket callback (where a SocketGate may
// refuse the peer address) and closed in the close-socket callback through
// Asio, so the reactor forgets an fd before its number can be reused. Fds
// libcurl creates itself (resolver wake-up pipes) get non-owning wrappers
// that are released, never closed. Asio handlers capture (fd, id) keys and a
// weak_ptr to the state, and look both up again before doing anything.
//
// Thread/strand affinity: every method and every handler runs on the thread
// that runs the io_context (one thread). DoneFn is called outside any libcurl
// callback, so it may Add or Remove transfers.
#pragma once

#include <curl/curl.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "net/curl_handles.h"

namespace nianbao::net {

// The per-transfer open-socket policy. Point CURLOPT_OPENSOCKETDATA at one
// (CurlMulti::Attach does) and keep it alive while the easy handle is in use.
struct SocketGate {
  // Returns true when a connection to `addr` may be opened; empty = allow.
  std::function<bool(const sockaddr* addr)> allow;
  // Set to the numeric address when `allow` refused a connection.
  std::string refused_address;
  // Set by CurlMulti::Attach; not for callers.
  void* attached = nullptr;
};

class CurlMulti {
 public:
  using DoneFn = std::function<void(CurlEasyPtr easy, CURLcode result)>;

  // REQUIRES: `io` outlives this object.
  explicit CurlMulti(boost::asio::io_context& io);
  // Removes and frees unfinished transfers without calling their DoneFn,
  // then cleans up the multi handle (closing cached connections).
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Installs this multi's open/close socket callbacks on `easy`, with `gate`
  // deciding which peers may be connected to. REQUIRES: `gate` outlives the
  // transfer. Call before Add.
  void Attach(CURL* easy, SocketGate* gate);

  // Starts `easy`; `done` runs once when it finishes. On error the handle is
  // freed and `done` is not called.
  Status Add(CurlEasyPtr easy, DoneFn done);

  // Stops an unfinished transfer and returns its handle; `done` is not
  // called. Returns null when `easy` is not in flight.
  CurlEasyPtr Remove(CURL* easy);

  size_t in_flight() const;
  // Sockets currently known (for tests and leak checks).
  size_t sockets() const;

 private:
  struct Core;
  std::shared_ptr<Core> core_;
};

}  // namespace nianbao::net
