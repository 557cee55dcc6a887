#include "documents/ooxml/docx_reader.h"

#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/text.h"
#include "documents/ooxml/docx_tables.h"
#include "documents/ooxml/ooxml_part.h"

namespace nianbao::documents {
namespace {

bool OnValue(std::string_view v) { return v.empty() || (v != "0" && v != "false" && v != "off" && v != "none"); }

// Style ids whose style is a heading or title, or sets bold, from word/styles.xml.
struct Styles {
  std::set<std::string> headings;
  std::set<std::string> bold;
};

Styles ReadStyles(const pugi::xml_document* doc) {
  Styles s;
  if (!doc) return s;
  for (pugi::xml_node st : Child(*doc, "styles").children()) {
    if (!Is(st, "style")) continue;
    const std::string id(Attr(st, "styleId"));
    std::string name(Attr(Child(st, "name"), "val"));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.rfind("heading", 0) == 0 || name == "title" || name.find("标题") != std::string::npos ||
        Child(Child(st, "pPr"), "outlineLvl")) {
      s.headings.insert(id);
    }
    pugi::xml_node b = Child(Child(st, "rPr"), "b");
    if (b && OnValue(Attr(b, "val"))) s.bold.insert(id);
  }
  return s;
}

class BodyWalker {
 public:
  BodyWalker(const Styles& styles, parser::DocumentParts& parts, std::size_t max_cells)
      : styles_(styles), parts_(parts), max_cells_(max_cells) {}

  // The block-level children of `container` (w:body, w:sdtContent, w:txbxContent).
  void Blocks(const pugi::xml_node& container) {
    for (pugi::xml_node n : container.children()) {
      if (Is(n, "p")) {
        Paragraph(n);
      } else if (Is(n, "tbl")) {
        std::vector<parser::Grid> grids = ReadDocxTable(n, max_cells_, over_limit_);
        if (!grids.empty()) grids.front().caption = last_paragraph_;
        for (auto& g : grids) parts_.tables.push_back(std::move(g));
        last_paragraph_.clear();
      } else if (Is(n, "sdt")) {
        Blocks(Child(n, "sdtContent"));
      } else if (Is(n, "customXml") || Is(n, "ins") || Is(n, "smartTag")) {
        Blocks(n);
      }
    }
  }

  bool over_limit() const { return over_limit_; }

 private:
  void Paragraph(const pugi::xml_node& p) {
    std::string text;
    bool any_run = false;
    bool all_bold = true;
    std::vector<pugi::xml_node> boxes;
    const pugi::xml_node ppr = Child(p, "pPr");
    const std::string style(Attr(Child(ppr, "pStyle"), "val"));
    const bool style_bold = styles_.bold.count(style) > 0;
    Runs(p, text, any_run, all_bold, style_bold, boxes);
    const std::string collapsed = CollapseSpace(text);
    if (!collapsed.empty()) {
      parser::TextBlock b;
      b.text = collapsed;
      b.emphasized = styles_.headings.count(style) > 0 || Child(ppr, "outlineLvl") || (any_run && all_bold);
      parts_.blocks.push_back(std::move(b));
      last_paragraph_ = collapsed;
    }
    for (const pugi::xml_node& box : boxes) Blocks(box);
  }

  // Text of the runs under `n` in order; text boxes are kept for after the paragraph.
  void Runs(const pugi::xml_node& n, std::string& text, bool& any_run, bool& all_bold, bool style_bold,
            std::vector<pugi::xml_node>& boxes) {
    for (pugi::xml_node c : n.children()) {
      const std::string_view name = LocalName(c.name());
      if (name == "pPr" || name == "rPr" || name == "delText" || name == "instrText" || name == "Fallback") continue;
      if (name == "txbxContent") {
        boxes.push_back(c);
        continue;
      }
      if (name == "r") {
        std::string run;
        for (pugi::xml_node t : c.children()) {
          const std::string_view tn = LocalName(t.name());
          if (tn == "t") run += t.text().get();
          else if (tn == "tab" || tn == "br" || tn == "cr") run += ' ';
        }
        if (!TrimSpace(run).empty()) {
          any_run = true;
          pugi::xml_node b = Child(Child(c, "rPr"), "b");
          const bool bold = b ? OnValue(Attr(b, "val")) : style_bold;
          if (!bold) all_bold = false;
        }
        text += run;
      }
      Runs(c, text, any_run, all_bold, style_bold, boxes);  // hyperlinks, fields, drawings holding text boxes
    }
  }

  const Styles& styles_;
  parser::DocumentParts& parts_;
  std::size_t max_cells_;
  std::string last_paragraph_;
  bool over_limit_ = false;
};

std::string CoreTitle(ZipArchive& package, const ExtractLimits& limits) {
  if (!package.Find("docProps/core.xml")) return {};
  auto core = ReadXmlPart(package, "docProps/core.xml", limits, "DOCX");
  if (!std::holds_alternative<XmlPart>(core)) return {};
  const pugi::xml_document& doc = *std::get<XmlPart>(core);
  return CollapseSpace(Child(Child(doc, "coreProperties"), "title").text().get());
}

// The title paragraph: the first of the leading paragraphs that names a
// report (documents converted from a web page keep the site's navigation
// above it), joined with the paragraph before it when a title is set over
// two lines ("某某区人民政府" / "2021年政府信息公开工作年度报告"); else the
// first paragraph.
std::string TitleOfBlocks(const std::vector<parser::TextBlock>& blocks) {
  constexpr std::size_t kLeading = 30;
  constexpr std::size_t kTitleBytes = 240;  // 80 CJK characters
  for (std::size_t i = 0; i < blocks.size() && i < kLeading; ++i) {
    const std::string& t = blocks[i].text;
    if (t.size() > kTitleBytes || t.find("报告") == std::string::npos) continue;
    if (i > 0 && blocks[i - 1].text.size() <= 90 && (blocks[i - 1].text.find("人民政府") != std::string::npos ||
                                                     blocks[i - 1].text.find("局") != std::string::npos)) {
      return blocks[i - 1].text + t;
    }
    return t;
  }
  return blocks.empty() ? std::string() : blocks.front().text;
}

// A signature date: a short paragraph among the last three that is a date.
std::optional<std::string> SignatureDate(const std::vector<parser::TextBlock>& blocks) {
  const std::size_t from = blocks.size() > 3 ? blocks.size() - 3 : 0;
  for (std::size_t i = blocks.size(); i > from; --i) {
    const std::string& t = blocks[i - 1].text;
    if (t.size() > 60) continue;
    if (auto d = FindDate(t)) return d;
  }
  return std::nullopt;
}

}  // namespace

Extraction ReadDocx(std::string_view bytes, const ExtractLimits& limits) {
  auto opened = ZipArchive::Open(bytes, limits, "DOCX");
  if (auto* f = std::get_if<ReadFailure>(&opened)) return *f;
  ZipArchive& package = std::get<ZipArchive>(opened);
  auto document = ReadXmlPart(package, "word/document.xml", limits, "DOCX");
  if (auto* f = std::get_if<ReadFailure>(&document)) return *f;
  XmlPart styles_part;
  if (package.Find("word/styles.xml")) {
    auto s = ReadXmlPart(package, "word/styles.xml", limits, "DOCX");
    if (auto* f = std::get_if<ReadFailure>(&s)) return *f;
    styles_part = std::move(std::get<XmlPart>(s));
  }
  const Styles styles = ReadStyles(styles_part.get());

  parser::DocumentParts parts;
  parts.kind = parser::DocumentKind::kDocx;
  const pugi::xml_node body = Child(Child(*std::get<XmlPart>(document), "document"), "body");
  if (!body) return ReadFailure{ReadFailureKind::kBroken, "DOCX part word/document.xml: no w:body"};
  BodyWalker walker(styles, parts, limits.max_table_cells);
  walker.Blocks(body);
  if (walker.over_limit()) {
    return ReadFailure{ReadFailureKind::kLimit, "DOCX part word/document.xml: tables over the " +
                                                    std::to_string(limits.max_table_cells) + "-cell limit"};
  }
  parts.title = TitleOfBlocks(parts.blocks);
  if (parts.title.empty()) parts.title = CoreTitle(package, limits);
  parts.published = SignatureDate(parts.blocks);
  return parts;
}

}  // namespace nianbao::documents
