// Matching compares canonical forms because titles are typed by hand at each
// agency; the prefix rule only lets a whole place name be missing, so 文化街道
// can stand for 南岗区文化街道 but never for 西文化街道.
#include "parser/identity/agency_match.h"

#include <array>

#include "common/text.h"

namespace nianbao::parser {
namespace {

constexpr std::array<std::string_view, 7> kPlaceSuffixes = {"省", "市", "区", "县", "旗", "州", "盟"};
constexpr std::array<std::string_view, 10> kUnitsWithoutGovernment = {"镇", "乡", "区", "县", "市",
                                                                      "旗", "州", "盟", "省", "街道"};
constexpr std::array<std::string_view, 6> kBrackets = {"【", "】", "（", "）", "(", ")"};

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

bool EndsWithAny(std::string_view s, const auto& suffixes) {
  for (std::string_view suffix : suffixes) {
    if (s.ends_with(suffix)) return true;
  }
  return false;
}

// Drops a trailing "2021年", "2021年度" or bare year the title left on the name.
void StripTrailingYear(std::string& s) {
  for (std::string_view tail : {"年度", "年"}) {
    if (std::string_view(s).ends_with(tail)) {
      std::string_view head = std::string_view(s).substr(0, s.size() - tail.size());
      if (!head.empty() && head.back() >= '0' && head.back() <= '9') {
        s.resize(head.size());
        break;
      }
    }
  }
  while (!s.empty() && s.back() >= '0' && s.back() <= '9') s.pop_back();
}

// True when `longer` is `shorter` with a whole place name in front.
bool DiffersByPlacePrefix(std::string_view longer, std::string_view shorter) {
  if (shorter.size() < 6 || longer.size() <= shorter.size() || !longer.ends_with(shorter)) return false;
  return EndsWithAny(longer.substr(0, longer.size() - shorter.size()), kPlaceSuffixes);
}

}  // namespace

std::string CanonicalAgency(std::string_view agency) {
  std::string s = RemoveSpaces(agency);
  for (auto b : kBrackets) ReplaceAll(s, b, "");
  StripTrailingYear(s);
  ReplaceAll(s, "人民政府", "政府");
  ReplaceAll(s, "街道办事处", "街道");
  ReplaceAll(s, "街道办", "街道");
  // 王岗镇政府 and 王岗镇 are one publisher; 区政府办公室 is not 区政府.
  constexpr std::string_view kGovernment = "政府";
  if (std::string_view(s).ends_with(kGovernment)) {
    std::string_view head = std::string_view(s).substr(0, s.size() - kGovernment.size());
    if (EndsWithAny(head, kUnitsWithoutGovernment)) s.resize(head.size());
  }
  return s;
}

std::optional<std::string> MatchAgency(std::string_view agency, const std::vector<std::string>& roster) {
  std::string wanted = CanonicalAgency(agency);
  if (wanted.empty()) return std::nullopt;
  for (const std::string& entry : roster) {
    if (CanonicalAgency(entry) == wanted) return entry;
  }
  std::optional<std::string> found;
  for (const std::string& entry : roster) {
    std::string canon = CanonicalAgency(entry);
    if (DiffersByPlacePrefix(canon, wanted) || DiffersByPlacePrefix(wanted, canon)) {
      if (found) return std::nullopt;  // ambiguous: two places have this unit
      found = entry;
    }
  }
  return found;
}

}  // namespace nianbao::parser
