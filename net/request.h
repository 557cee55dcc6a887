// FetchRequest: one HTTP request, the single request type of the program.
// Walkers produce them (as crawler::PageRequest) for the pages that continue
// a column, the crawler stores them with the queued document and hands them
// to the Fetcher, and the Fetcher builds each libcurl transfer from one.
//
// Plain data, copied freely. method is "GET" or "POST" (MakeEasy refuses
// anything else); headers are extra request headers, never Content-Type
// (content_type says it for a POST) nor the conditional ones (etag and
// last_modified are sent as If-None-Match / If-Modified-Since).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace nianbao::net {

// Header (name, value) pairs, in the order given.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct FetchRequest {
  std::string url;
  std::string method = "GET";
  std::string body = {};          // POST body
  std::string content_type = {};  // POST body type; empty: application/x-www-form-urlencoded
  HttpHeaders headers = {};       // e.g. Referer, Origin, X-Requested-With
  std::string etag = {};          // stored validators, for a conditional GET
  std::string last_modified = {};
  uint64_t tag = 0;               // the caller's id, returned in the FetchResult

  bool operator==(const FetchRequest&) const = default;
};

}  // namespace nianbao::net
