// Any other server-rendered list: the links in its rows (li, tr, dd, dt) and
// the page its 下一页 / "next" link points to.
#pragma once

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

ListPageResult ReadGenericList(const FetchedPage& page);

}  // namespace nianbao::crawler
