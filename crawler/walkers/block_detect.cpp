// Markers alone are not enough: Ruishu also embeds $_ts in real pages, so a
// marker on a 200 answer counts only when the page is small (a challenge is a
// few KiB of script); on 412/521/512 the status itself is the signal.
#include "crawler/walkers/block_detect.h"

#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace nianbao::crawler {
namespace {

// Challenge pages are small; a real column page with these markers is not.
constexpr std::size_t kChallengeMaxBytes = 16 * 1024;

struct Marker {
  std::string_view text;
  std::string_view system;
};

constexpr std::array<Marker, 12> kBodyMarkers = {{
    {"$_ts", "Ruishu $_ts challenge"},
    {"__jsl_clearance", "JiaSuLe __jsl_clearance challenge"},
    {"__jsluid", "JiaSuLe challenge"},
    {"wzws_cid", "Wangsu WZWS challenge"},
    {"请开启JavaScript并刷新该页", "Wangsu WZWS challenge"},
    {"云防御", "Knownsec 云防御 check"},
    {"安全狗", "安全狗 WAF block"},
    {"acw_sc__v2", "Aliyun WAF challenge"},
    {"电信云防护", "China Telecom 云防护 block"},
    {"/_bot_sbu/", "bot-check script"},
    {"您的访问被拦截", "WAF interception page"},
    {"Web应用防火墙", "WAF interception page"},
}};

constexpr std::array<Marker, 5> kCookieMarkers = {{
    {"wzws_cid", "Wangsu WZWS challenge"},
    {"__jsl_clearance", "JiaSuLe __jsl_clearance challenge"},
    {"__jsluid", "JiaSuLe challenge"},
    {"acw_sc__v2", "Aliyun WAF challenge"},
    {"HOY_TR", "bot-check cookie"},
}};

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view BodyMarker(std::string_view body) {
  for (const Marker& m : kBodyMarkers) {
    if (body.find(m.text) != std::string_view::npos) return m.system;
  }
  return {};
}

std::string_view CookieMarker(const HttpHeaders& headers) {
  for (const auto& [name, value] : headers) {
    if (!IEquals(name, "set-cookie")) continue;
    for (const Marker& m : kCookieMarkers) {
      if (value.find(m.text) != std::string::npos) return m.system;
    }
  }
  return {};
}

BlockInfo Blocked(int status, std::string_view what) {
  return {true, "HTTP " + std::to_string(status) + ": " + std::string(what)};
}

// Statuses that on gov.cn hosts mean "a protection system answered".
std::string_view BlockingStatus(int status) {
  switch (status) {
    case 403: return "access forbidden";
    case 405: return "method refused (cloud protection)";
    case 412: return "precondition failed (Ruishu-style challenge)";
    case 512:
    case 521: return "JiaSuLe-style challenge";
    default: return {};
  }
}

}  // namespace

BlockInfo DetectChallenge(const FetchedPage& page) {
  std::string_view marker = CookieMarker(page.headers);
  if (marker.empty()) marker = BodyMarker(page.body);
  std::string_view by_status = BlockingStatus(page.status);
  if (!by_status.empty()) return Blocked(page.status, marker.empty() ? by_status : marker);
  if (!marker.empty() && page.body.size() <= kChallengeMaxBytes) return Blocked(page.status, marker);
  return {};
}

BlockInfo DetectShortPage(std::size_t body_size, std::size_t item_count, std::size_t last_good_size) {
  if (item_count > 0 || last_good_size == 0 || body_size * 4 >= last_good_size) return {};
  return {true, "page of " + std::to_string(body_size) + " bytes lists nothing; the column's last good page had " +
                    std::to_string(last_good_size)};
}

}  // namespace nianbao::crawler
