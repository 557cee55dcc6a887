// CheckBareAscii: refuses a configuration text with a non-ASCII character
// outside its strings and comments, before toml++ reads it.
//
// TOML 1.0 allows non-ASCII only inside strings and comments (bare keys are
// A-Za-z0-9_-), so this rejects no valid file. It exists because toml++ 3.3.0
// (Debian 12) reaches TOML_UNREACHABLE, undefined behaviour, on some such
// characters where it looks for whitespace (U+FEFB, U+2C71: found by
// fuzz/config_fuzz, reproducers in fuzz/crashes/config_fuzz/). A leading
// UTF-8 byte-order mark is allowed. Pure function; the error is
// "NAME:LINE: ..." with code kInvalidArgument, like every configuration error.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace nianbao::app {

Status CheckBareAscii(std::string_view text, const std::string& name);

}  // namespace nianbao::app
