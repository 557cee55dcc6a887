// List-item extraction shared by the walkers: from a Hanweb <record> HTML
// fragment or from the rows (li, tr, dd, dt, dated divs) of a server list, one
// ListItem per link: URL resolved against the page, title from a@title else
// the link text, date from the row text outside the title.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string_view>
#include <vector>

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

// The first link of one record fragment; nullopt when it has none usable.
std::optional<ListItem> ItemFromFragment(std::string_view html, std::string_view base_url);

// The item for `anchor` whose list row is `row` (may equal anchor).
std::optional<ListItem> ItemFromAnchor(const GumboNode* anchor, const GumboNode* row, std::string_view base_url);

// Items of every link inside a list row under `root`, and of links outside
// rows that are alone in a parent block showing a date (div-based lists). When
// `row_class_prefix` is given, only rows whose class starts with it count
// (xxgk result tables).
std::vector<ListItem> ItemsFromRows(const GumboNode* root, std::string_view base_url,
                                    std::string_view row_class_prefix = {});

// Keeps the first item of every URL, in order.
void DedupeByUrl(std::vector<ListItem>& items);

}  // namespace nianbao::crawler
