// The draw is SplitMix64 of the seed and the request number: cheap, with
// every output bit depending on both, so neighbouring requests and seeds are
// uncorrelated (a plain LCG step of n would make faults come in patterns).
#include "tests/support/fault_plan.h"

#include <algorithm>

namespace nianbao::testing {
namespace {

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

PlannedFault FaultPlan::For(std::uint64_t n) const {
  const std::uint64_t bits = SplitMix64(SplitMix64(seed) ^ n);
  const double u = static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);  // [0, 1), 53 bits
  if (u < unavailable) return PlannedFault::kUnavailable;
  if (u < unavailable + reset) return PlannedFault::kReset;
  if (u < unavailable + reset + slow) return PlannedFault::kSlow;
  return PlannedFault::kNone;
}

bool FaultPlan::Spares(const std::string& path) const {
  return std::find(spared_paths.begin(), spared_paths.end(), path) != spared_paths.end();
}

}  // namespace nianbao::testing
