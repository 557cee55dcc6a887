#include "documents/ooxml/ooxml_part.h"

#include <cstring>

namespace nianbao::documents {

std::string_view LocalName(const char* qualified) {
  std::string_view q(qualified);
  const std::size_t colon = q.find(':');
  return colon == std::string_view::npos ? q : q.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (Is(c, local)) return c;
  }
  return {};
}

std::string_view Attr(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    if (LocalName(a.name()) == local) return a.value();
  }
  return {};
}

namespace {

// The deepest element nesting of `doc`, walked without recursion (parent
// links), stopping as soon as `limit` is passed.
bool DeeperThan(const pugi::xml_document& doc, int limit) {
  int depth = 1;  // of `n`: a root element is at depth 1
  pugi::xml_node n = doc.first_child();
  while (n) {
    if (n.type() == pugi::node_element && depth > limit) return true;
    if (n.first_child()) {
      n = n.first_child();
      ++depth;
      continue;
    }
    while (!n.next_sibling()) {
      n = n.parent();
      --depth;
      if (!n || n == doc) return false;
    }
    n = n.next_sibling();
  }
  return false;
}

}  // namespace

std::variant<XmlPart, ReadFailure> ReadXmlPart(ZipArchive& package, std::string_view name, const ExtractLimits& limits,
                                               std::string_view label) {
  auto bytes = package.Read(name);
  if (auto* f = std::get_if<ReadFailure>(&bytes)) return *f;
  const std::string& text = std::get<std::string>(bytes);
  auto doc = std::make_unique<pugi::xml_document>();
  // No entity expansion exists in pugixml beyond the predefined five, so a
  // "billion laughs" part has nothing to expand.
  pugi::xml_parse_result r =
      doc->load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  const std::string where = std::string(label) + " part " + std::string(name) + ": ";
  if (!r) {
    return ReadFailure{ReadFailureKind::kBroken,
                       where + r.description() + " at byte " + std::to_string(r.offset)};
  }
  if (DeeperThan(*doc, limits.max_xml_depth)) {
    return ReadFailure{ReadFailureKind::kLimit, where + "elements nest deeper than the " +
                                                    std::to_string(limits.max_xml_depth) + "-level limit"};
  }
  return doc;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 0;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') len = 1;
    else if (s.compare(i, 3, "\xE3\x80\x80") == 0) len = 3;
    else if (s.compare(i, 2, "\xC2\xA0") == 0) len = 2;
    if (len) {
      space = true;
      i += len;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace nianbao::documents
