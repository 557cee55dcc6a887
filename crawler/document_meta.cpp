#include "crawler/document_meta.h"

#include <tuple>

#include <nlohmann/json.hpp>

#include "net/url.h"

namespace nianbao::crawler {

using nlohmann::json;

namespace {

// Stored JSON is read without exceptions: parse with allow_exceptions off,
// and every field through this one helper, which checks the type first, so a
// damaged row is an error value and never a throw past io.run().
// The string at `key`, `fallback` when absent or null; an error naming the
// key when present with another type.
Result<std::string> StringField(const json& j, const char* key, std::string fallback = "") {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_string()) return Corrupt(std::string("\"") + key + "\" is " + it->type_name() + ", not a string");
  return it->get<std::string>();
}

// Invalid UTF-8 in a title (a site's mislabelled charset) must not make
// dump() throw; it is stored with U+FFFD instead.
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string EncodeHint(const DocumentHint& hint) {
  json j = {{"title", hint.title}, {"agency", hint.agency}};
  if (hint.year) j["year"] = *hint.year;
  if (hint.date) j["date"] = *hint.date;
  if (hint.image_edition) j["image_edition"] = true;
  return Dump(j);
}

Result<DocumentHint> ReadHint(const std::string& text) {
  DocumentHint hint;
  if (text.empty()) return hint;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Corrupt("stored hint is not a JSON object");
  Result<std::string> title = StringField(j, "title");
  if (!title.ok()) return title.status().WithContext("stored hint");
  Result<std::string> agency = StringField(j, "agency");
  if (!agency.ok()) return agency.status().WithContext("stored hint");
  Result<std::string> date = StringField(j, "date");
  if (!date.ok()) return date.status().WithContext("stored hint");
  hint.title = std::move(*title);
  hint.agency = std::move(*agency);
  if (!date->empty()) hint.date = std::move(*date);
  if (auto image = j.find("image_edition"); image != j.end() && !image->is_null()) {
    if (!image->is_boolean()) return Corrupt("stored hint: \"image_edition\" is not a boolean");
    hint.image_edition = image->get<bool>();
  }
  if (auto year = j.find("year"); year != j.end() && !year->is_null()) {
    if (!year->is_number_integer()) return Corrupt("stored hint: \"year\" is not an integer");
    long long y = year->get<long long>();
    if (y < 0 || y > 9999) return Corrupt("stored hint: \"year\" " + std::to_string(y) + " is out of range");
    hint.year = static_cast<int>(y);
  }
  return hint;
}

DocumentHint DecodeHint(const std::string& text) {
  Result<DocumentHint> hint = ReadHint(text);
  return hint.ok() ? std::move(*hint) : DocumentHint{};
}

std::string EncodeRequest(const PageRequest& r) {
  if (r.method == "GET" && r.body.empty() && r.headers.empty()) return "";
  json headers = json::array();
  for (const auto& [name, value] : r.headers) headers.push_back({name, value});
  return Dump(json{{"url", r.url}, {"method", r.method}, {"body", r.body}, {"content_type", r.content_type},
                   {"headers", headers}});
}

Result<std::optional<PageRequest>> ReadRequest(const storage::DocumentRow& doc) {
  if (doc.request.empty()) return std::optional<PageRequest>();
  const std::string where = "document " + std::to_string(doc.id) + ": stored request";
  json j = json::parse(doc.request, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Corrupt(where + " is not a JSON object");
  PageRequest r;
  for (auto [key, field, fallback] : {std::tuple{"url", &r.url, ""}, std::tuple{"method", &r.method, "GET"},
                                      std::tuple{"body", &r.body, ""}, std::tuple{"content_type", &r.content_type, ""}}) {
    Result<std::string> value = StringField(j, key, fallback);
    if (!value.ok()) return value.status().WithContext(where);
    *field = std::move(*value);
  }
  if (r.url.empty()) return Corrupt(where + " has no \"url\"");
  if (auto headers = j.find("headers"); headers != j.end() && !headers->is_null()) {
    if (!headers->is_array()) return Corrupt(where + ": \"headers\" is not an array");
    for (const json& h : *headers) {
      if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string())
        return Corrupt(where + ": a header is not a [name, value] pair of strings");
      r.headers.push_back({h[0].get<std::string>(), h[1].get<std::string>()});
    }
  }
  return std::optional<PageRequest>(std::move(r));
}

std::optional<PageRequest> RequestOf(const storage::DocumentRow& doc) {
  Result<std::optional<PageRequest>> r = ReadRequest(doc);
  return r.ok() ? std::move(*r) : std::nullopt;
}

Result<std::string> DocumentKeyFor(const PageRequest& request) {
  auto url = net::NormalizeUrl(request.url);
  if (!url.ok()) return url;
  if (request.method == "POST") return *url + "#POST:" + request.body;
  return url;
}

Result<net::FetchRequest> ToFetchRequest(const storage::DocumentRow& doc) {
  Result<std::optional<PageRequest>> stored = ReadRequest(doc);
  if (!stored.ok()) return stored.status();
  net::FetchRequest req;
  if (const std::optional<PageRequest>& r = *stored) req = *r;
  else req.url = doc.url;
  req.etag = doc.etag;
  req.last_modified = doc.last_modified;
  return req;
}

}  // namespace nianbao::crawler
