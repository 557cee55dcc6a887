// Anti-bot detection: tells a challenge or block answer apart from a real
// (possibly empty) column, so a blocked column is reported as blocked and
// never as "no reports".
//
// Signatures (sites.md §7.2): Ruishu 412/202 + $_ts; JiaSuLe 521/512 +
// __jsl_clearance / document.cookie; Wangsu wzws_cid; Knownsec 云防御;
// 安全狗; Aliyun acw_sc__v2; 电信云防护 405; generic WAF interstitials; and a
// 200 page with no items far shorter than the column's last good page.
#pragma once

#include <cstddef>

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

// A challenge recognisable from the response alone (status, headers, body).
BlockInfo DetectChallenge(const FetchedPage& page);

// A 2xx page that listed nothing although the column's last good page was
// more than four times its size. `last_good_size` 0 means unknown: not blocked.
BlockInfo DetectShortPage(std::size_t body_size, std::size_t item_count, std::size_t last_good_size);

}  // namespace nianbao::crawler
