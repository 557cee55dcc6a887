// AlertJson: one alert as an element of `nianbao alerts --json`
// (interface.md), the one home of that shape: the CLI prints it and a JSON
// webhook's digest carries it. Times are ISO 8601 UTC ("…Z"); an absent
// agency or year is null. Pure; no I/O.
#pragma once

#include <nlohmann/json.hpp>

#include "storage/types.h"

namespace nianbao::alerts {

nlohmann::ordered_json AlertJson(const storage::AlertRow& alert);

}  // namespace nianbao::alerts
