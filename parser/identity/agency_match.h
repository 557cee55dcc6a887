// MatchAgency: finds which roster entry of a source an agency name (as taken
// from a report title) refers to.
//
// Names differ in form, not in who they name: spaces, a missing district or
// city prefix (文化街道办事处 vs 南岗区文化街道办事处, 王岗镇 vs 哈尔滨市南岗区王岗镇),
// 人民政府 vs 政府 vs nothing after a town/district, 街道办事处 vs 街道, a trailing
// year (2021年/2021年度). Different bodies of one place stay apart:
// 四方台区人民政府办公室 does not match 四方台区人民政府.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao::parser {

// The comparable form of an agency name (exposed for tests and for keying).
std::string CanonicalAgency(std::string_view agency);

// The roster entry (verbatim) that `agency` names: an exact match of the
// canonical forms first, else the single entry that differs only by a
// place prefix ending in 省/市/区/县/旗/州/盟. nullopt when none or ambiguous.
std::optional<std::string> MatchAgency(std::string_view agency, const std::vector<std::string>& roster);

}  // namespace nianbao::parser
