#include "crawler/document_meta.h"

#include <nlohmann/json.hpp>

#include "net/url.h"

namespace nianbao::crawler {

using nlohmann::json;

std::string EncodeHint(const DocumentHint& hint) {
  json j = {{"title", hint.title}, {"agency", hint.agency}};
  if (hint.year) j["year"] = *hint.year;
  if (hint.date) j["date"] = *hint.date;
  if (hint.image_edition) j["image_edition"] = true;
  return j.dump();
}

DocumentHint DecodeHint(const std::string& text) {
  DocumentHint hint;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return hint;
  hint.title = j.value("title", "");
  hint.agency = j.value("agency", "");
  if (j.contains("year") && j["year"].is_number_integer()) hint.year = j["year"].get<int>();
  if (j.contains("date") && j["date"].is_string()) hint.date = j["date"].get<std::string>();
  if (j.contains("image_edition") && j["image_edition"].is_boolean()) hint.image_edition = j["image_edition"].get<bool>();
  return hint;
}

std::string EncodeRequest(const PageRequest& r) {
  if (r.method == "GET" && r.body.empty() && r.headers.empty()) return "";
  json headers = json::array();
  for (const auto& [name, value] : r.headers) headers.push_back({name, value});
  return json{{"url", r.url}, {"method", r.method}, {"body", r.body}, {"content_type", r.content_type},
              {"headers", headers}}
      .dump();
}

std::optional<PageRequest> RequestOf(const storage::DocumentRow& doc) {
  if (doc.request.empty()) return std::nullopt;
  json j = json::parse(doc.request, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  PageRequest r;
  r.url = j.value("url", "");
  r.method = j.value("method", "GET");
  r.body = j.value("body", "");
  r.content_type = j.value("content_type", "");
  if (j.contains("headers") && j["headers"].is_array())
    for (const json& h : j["headers"])
      if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
        r.headers.push_back({h[0].get<std::string>(), h[1].get<std::string>()});
  if (r.url.empty()) return std::nullopt;
  return r;
}

Result<std::string> DocumentKeyFor(const PageRequest& request) {
  auto url = net::NormalizeUrl(request.url);
  if (!url.ok()) return url;
  if (request.method == "POST") return *url + "#POST:" + request.body;
  return url;
}

net::FetchRequest ToFetchRequest(const storage::DocumentRow& doc) {
  net::FetchRequest req;
  if (std::optional<PageRequest> r = RequestOf(doc)) req = std::move(*r);
  else req.url = doc.url;
  req.etag = doc.etag;
  req.last_modified = doc.last_modified;
  return req;
}

}  // namespace nianbao::crawler
