// Owning smart pointers for libcurl's C handles: CURL*, CURLM*, CURLU* and
// curl_slist*. Each pointer frees its handle with the matching libcurl
// cleanup call, so no code in crawler/ calls a *_cleanup function by hand.
//
// Ownership: unique, move-only. Thread affinity: none of its own; libcurl's
// rule applies (one handle used by one thread at a time). A CurlMultiPtr must
// be destroyed after every easy handle was removed from it.
#pragma once

#include <curl/curl.h>

#include <memory>

namespace nianbao::net {

struct CurlEasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* h) const { curl_url_cleanup(h); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
// Frees a string libcurl allocated (curl_url_get, curl_easy_escape, ...).
struct CurlStringDeleter {
  void operator()(char* s) const { curl_free(s); }
};

using CurlEasyPtr = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlMultiPtr = std::unique_ptr<CURLM, CurlMultiDeleter>;
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlDeleter>;
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlSlistDeleter>;
using CurlStringPtr = std::unique_ptr<char, CurlStringDeleter>;

// Appends one header line to `list`; keeps the list owned on allocation failure.
// Returns false when libcurl could not allocate.
inline bool AppendHeader(CurlSlistPtr& list, const char* line) {
  curl_slist* grown = curl_slist_append(list.get(), line);
  if (grown == nullptr) return false;
  list.release();
  list.reset(grown);
  return true;
}

}  // namespace nianbao::net
