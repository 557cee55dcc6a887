// libFuzzer target for the configuration: the input is the TOML text given to
// ParseConfig (toml++ compiled header-only and instrumented, see
// CMakeLists.txt), and its first line is also given to ParseDuration. An
// error is an answer, not a finding; a crash, hang or leak is.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/config/config.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = nianbao::fuzz::Bytes(data, size);
  (void)nianbao::app::ParseConfig(text, "/etc/nianbao/fuzz.toml");
  const auto first = nianbao::fuzz::Lines(text, 1);
  if (!first.empty()) (void)nianbao::app::ParseDuration(first.front());
  return 0;
}
