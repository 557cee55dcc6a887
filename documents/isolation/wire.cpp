#include "documents/isolation/wire.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <utility>

namespace nianbao::documents {
namespace {

using Json = nlohmann::json;
using parser::DocumentParts;
using parser::Grid;
using parser::GridCell;

constexpr ReadFailureKind kAllKinds[] = {ReadFailureKind::kEncrypted, ReadFailureKind::kUnsupported,
                                         ReadFailureKind::kBroken,    ReadFailureKind::kLimit,
                                         ReadFailureKind::kNoText,    ReadFailureKind::kCrashed};

// Invalid UTF-8 from a reader must not make the encoder throw: it is replaced,
// the way a cell that cannot be read becomes unreadable text, not a crash.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json EncodeGrid(const Grid& g) {
  Json rows = Json::array();
  for (const auto& row : g.rows) {
    Json cells = Json::array();
    for (const GridCell& c : row) cells.push_back({{"text", c.text}, {"spanned", c.spanned}});
    rows.push_back(std::move(cells));
  }
  return {{"rows", std::move(rows)}, {"caption", g.caption},   {"ragged", g.ragged},
          {"source_widths", g.source_widths}, {"page", g.page}};
}

Json EncodeParts(const DocumentParts& p) {
  Json blocks = Json::array(), tables = Json::array(), attachments = Json::array();
  for (const auto& b : p.blocks) blocks.push_back({{"text", b.text}, {"emphasized", b.emphasized}});
  for (const auto& g : p.tables) tables.push_back(EncodeGrid(g));
  for (const auto& a : p.attachments) attachments.push_back({{"url", a.url}, {"text", a.text}, {"kind", a.kind}});
  return {{"kind", parser::DocumentKindName(p.kind)},
          {"title", p.title},
          {"published", p.published ? Json(*p.published) : Json(nullptr)},
          {"content_source", p.content_source},
          {"blocks", std::move(blocks)},
          {"tables", std::move(tables)},
          {"attachments", std::move(attachments)},
          {"warnings", p.warnings},
          {"pages", p.pages}};
}

// Decoding throws Malformed inside this file only; DecodeExtraction turns it
// into the failure value.
struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Decoder {
 public:
  explicit Decoder(const WireLimits& limits) : limits_(limits) {}

  const Json& Field(const Json& obj, const char* key, Json::value_t type, const std::string& where) const {
    if (!obj.is_object()) throw Malformed(where + " is not an object");
    auto it = obj.find(key);
    if (it == obj.end()) throw Malformed(where + "." + key + " is missing");
    if (it->type() != type && !(type == Json::value_t::number_integer && it->is_number_unsigned()))
      throw Malformed(where + "." + key + " has the wrong type");
    return *it;
  }
  std::string String(const Json& obj, const char* key, const std::string& where) const {
    return Field(obj, key, Json::value_t::string, where).get<std::string>();
  }
  bool Bool(const Json& obj, const char* key, const std::string& where) const {
    return Field(obj, key, Json::value_t::boolean, where).get<bool>();
  }
  int Int(const Json& obj, const char* key, const std::string& where, int lo, int hi) const {
    const Json& v = Field(obj, key, Json::value_t::number_integer, where);
    if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)
                               : (v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi))
      throw Malformed(where + "." + key + " is out of range");
    return v.get<int>();
  }
  const Json& Array(const Json& obj, const char* key, const std::string& where) {
    const Json& a = Field(obj, key, Json::value_t::array, where);
    Count(a.size(), where + "." + key);
    return a;
  }
  void Count(std::size_t n, const std::string& where) {
    items_ += n;
    if (n > limits_.max_items || items_ > 8 * limits_.max_items) throw Malformed(where + " has too many items");
  }

  Grid DecodeGrid(const Json& j, const std::string& where) {
    Grid g;
    const Json& rows = Array(j, "rows", where);
    std::size_t r = 0;
    for (const Json& row : rows) {
      const std::string rw = where + ".rows[" + std::to_string(r++) + "]";
      if (!row.is_array()) throw Malformed(rw + " is not an array");
      Count(row.size(), rw);
      std::vector<GridCell> cells;
      cells.reserve(row.size());
      for (const Json& c : row) cells.push_back({String(c, "text", rw), Bool(c, "spanned", rw)});
      g.rows.push_back(std::move(cells));
    }
    g.caption = String(j, "caption", where);
    g.ragged = Bool(j, "ragged", where);
    for (const Json& w : Array(j, "source_widths", where)) {
      if (!w.is_number_integer() || w.get<std::int64_t>() < 0 || w.get<std::int64_t>() > (1 << 20))
        throw Malformed(where + ".source_widths holds a bad width");
      g.source_widths.push_back(w.get<int>());
    }
    g.page = Int(j, "page", where, 0, 1 << 20);
    return g;
  }

  DocumentParts DecodeParts(const Json& j) {
    DocumentParts p;
    const std::string w = "parts";
    const std::string kind = String(j, "kind", w);
    p.kind = parser::ParseDocumentKind(kind);
    if (p.kind == parser::DocumentKind::kNone && !kind.empty()) throw Malformed("parts.kind '" + kind + "' is unknown");
    p.title = String(j, "title", w);
    if (!j.contains("published")) throw Malformed("parts.published is missing");
    if (!j["published"].is_null()) p.published = String(j, "published", w);
    p.content_source = String(j, "content_source", w);
    for (const Json& b : Array(j, "blocks", w)) p.blocks.push_back({String(b, "text", "block"), Bool(b, "emphasized", "block")});
    std::size_t t = 0;
    for (const Json& g : Array(j, "tables", w)) p.tables.push_back(DecodeGrid(g, "tables[" + std::to_string(t++) + "]"));
    for (const Json& a : Array(j, "attachments", w))
      p.attachments.push_back({String(a, "url", "attachment"), String(a, "text", "attachment"), String(a, "kind", "attachment")});
    for (const Json& s : Array(j, "warnings", w)) {
      if (!s.is_string()) throw Malformed("parts.warnings holds a non-string");
      p.warnings.push_back(s.get<std::string>());
    }
    p.pages = Int(j, "pages", w, 0, 1 << 20);
    return p;
  }

  ReadFailure DecodeFailure(const Json& j) const {
    const std::string kind = String(j, "kind", "failure");
    for (ReadFailureKind k : kAllKinds)
      if (kind == ReadFailureKindName(k)) return ReadFailure{k, String(j, "detail", "failure")};
    throw Malformed("failure.kind '" + kind.substr(0, 40) + "' is unknown");
  }

 private:
  WireLimits limits_;
  std::size_t items_ = 0;
};

}  // namespace

std::string EncodeExtraction(const Extraction& e) {
  if (const auto* f = std::get_if<ReadFailure>(&e))
    return Dump({{"failure", {{"kind", ReadFailureKindName(f->kind)}, {"detail", f->detail}}}});
  return Dump({{"parts", EncodeParts(std::get<DocumentParts>(e))}});
}

Extraction DecodeExtraction(std::string_view answer, const WireLimits& limits) {
  auto malformed = [](const std::string& why) {
    return ReadFailure{ReadFailureKind::kBroken, "reader: malformed answer: " + why};
  };
  if (answer.size() > limits.max_answer_bytes)
    return malformed("over " + std::to_string(limits.max_answer_bytes) + " bytes");
  // Nesting is bounded before the DOM is built: the wire format is at most
  // 5 levels deep (object, tables, rows, row, cell), so depth past 8 is junk
  // and a hostile "[[[[…" cannot exhaust the parent's stack.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : answer) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > 8) return malformed("nested too deeply");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  Json j = Json::parse(answer.begin(), answer.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return malformed("not JSON");
  if (!j.is_object() || j.size() != 1) return malformed("not one object with one member");
  try {
    Decoder d(limits);
    if (j.contains("failure")) return d.DecodeFailure(j["failure"]);
    if (j.contains("parts")) return d.DecodeParts(j["parts"]);
    return malformed("neither parts nor failure");
  } catch (const Malformed& e) {
    return malformed(e.what());
  } catch (const Json::exception& e) {
    return malformed(e.what());
  }
}

std::string EncodeLimits(const ExtractLimits& l) {
  return Json{{"max_input_bytes", l.max_input_bytes},       {"max_pages", l.max_pages},
              {"max_unpacked_bytes", l.max_unpacked_bytes}, {"max_ratio", l.max_ratio},
              {"max_archive_depth", l.max_archive_depth},   {"max_archive_members", l.max_archive_members},
              {"max_xml_depth", l.max_xml_depth},           {"max_table_cells", l.max_table_cells}}
      .dump();
}

bool DecodeLimits(std::string_view text, ExtractLimits* out) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (!j.is_object() || j.size() != 8) return false;
  ExtractLimits l;
  auto size = [&](const char* key, std::size_t* v) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned()) return false;
    *v = it->get<std::size_t>();
    return true;
  };
  auto count = [&](const char* key, int* v) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() > (1 << 30))
      return false;
    *v = it->get<int>();
    return true;
  };
  auto ratio = j.find("max_ratio");
  if (ratio == j.end() || !ratio->is_number() || ratio->get<double>() <= 0) return false;
  l.max_ratio = ratio->get<double>();
  if (!size("max_input_bytes", &l.max_input_bytes) || !size("max_unpacked_bytes", &l.max_unpacked_bytes) ||
      !size("max_table_cells", &l.max_table_cells) || !count("max_pages", &l.max_pages) ||
      !count("max_archive_depth", &l.max_archive_depth) || !count("max_archive_members", &l.max_archive_members) ||
      !count("max_xml_depth", &l.max_xml_depth))
    return false;
  *out = l;
  return true;
}

}  // namespace nianbao::documents
