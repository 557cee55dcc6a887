// FaultPlan: seeded faults HttpTestServer injects into a host's answers, as
// flaky government sites show them: 503s, connections reset without an
// answer, answers that come late (but within the client's timeout).
//
// Which request gets which fault is a pure function of (seed, n), where n
// numbers the requests the plan has seen (0, 1, ...), so a run is
// reproducible given the same order of requests, and a different seed gives
// another draw. The shares are independent of one another's meaning: a
// request is unavailable with probability `unavailable`, else reset with
// probability `reset`, else slow with probability `slow` (taken in that
// order from one uniform draw, so their sum must not exceed 1).
//
// A plain value, thread-compatible; the server numbers requests under its
// own lock (http_test_server.h SetFaultPlan).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nianbao::testing {

enum class PlannedFault {
  kNone,
  kUnavailable,  // 503 with an HTML body, no Retry-After
  kReset,        // the request is read, then the connection is reset (RST), no answer
  kSlow,         // answered normally after slow_ms more
};

struct FaultPlan {
  std::uint64_t seed = 1;
  double unavailable = 0;  // share of requests answered 503
  double reset = 0;        // share reset without an answer
  double slow = 0;         // share answered slow_ms late
  int slow_ms = 0;
  // Requests for these paths are never faulted and not numbered (e.g.
  // "/robots.txt", whose 5xx disallows a whole host by RFC 9309: a test of
  // something else).
  std::vector<std::string> spared_paths{};

  // The fault for the plan's request number `n`.
  PlannedFault For(std::uint64_t n) const;
  bool Spares(const std::string& path) const;
};

// How many of each fault a server injected (HttpTestServer::FaultsInjected).
struct FaultCounts {
  std::uint64_t requests = 0;  // requests the plans saw, faulted or not
  std::uint64_t unavailable = 0;
  std::uint64_t reset = 0;
  std::uint64_t slow = 0;
};

}  // namespace nianbao::testing
