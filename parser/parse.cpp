#include "parser/parse.h"

#include <strings.h>

#include <algorithm>

#include "parser/html/article.h"
#include "parser/checks.h"
#include "parser/decode.h"
#include "parser/document_parts.h"
#include "parser/identity/report_identity.h"
#include "parser/sections.h"
#include "parser/tables/table_mapper.h"
#include "parser/tables/text_grid.h"

namespace nianbao::parser {
namespace {

constexpr std::size_t kMaxInputBytes = 50u << 20;  // the HTML limit of article.h, for text too
constexpr std::size_t kSniffBytes = 4096;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool ContainsNoCase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (strncasecmp(hay.data() + i, needle.data(), needle.size()) == 0) return true;
  }
  return false;
}

// Bytes with a NUL in their head are no page or text. Which document form
// they are (PDF, OOXML, OLE2, an image) is documents::SniffForm's to tell;
// the parser only refuses them.
bool IsBinary(std::string_view b) {
  // UTF-16 text has NULs but also a BOM, which DecodeToUtf8 reads.
  if (StartsWith(b, "\xFF\xFE") || StartsWith(b, "\xFE\xFF")) return false;
  return b.substr(0, kSniffBytes).find('\0') != std::string_view::npos;
}

bool LooksLikeHtml(const ParseInput& in) {
  if (ContainsNoCase(in.content_type, "html")) return true;
  if (!in.content_type.empty() && ContainsNoCase(in.content_type, "text/plain")) return false;
  std::string_view head = in.bytes.substr(0, kSniffBytes);
  for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<table", "<p>", "<title"}) {
    if (ContainsNoCase(head, tag)) return true;
  }
  return false;
}

std::string JoinBlocks(const std::vector<TextBlock>& blocks) {
  std::size_t size = 0;
  for (const TextBlock& b : blocks) size += b.text.size() + 1;
  std::string out;
  out.reserve(size);
  for (const TextBlock& b : blocks) {
    if (!out.empty()) out.push_back('\n');
    out += b.text;
  }
  return out;
}

Result<DocumentParts> FromHtml(std::string utf8, const ParseInput& in) {
  Result<Article> article = ExtractArticleFrom(std::move(utf8), in.url, {}, in.resolve_link);
  DocumentParts parts;
  if (!article.ok()) {
    if (article.status().code() == Code::kLimit) return article.status();
    // A page without a usable body is still a document: report it, with no tables.
    parts.warnings.push_back("no article body: " + article.status().message());
    return parts;
  }
  Article& a = article.value();
  parts.title = std::move(a.title);
  parts.published = std::move(a.published);
  parts.content_source = std::move(a.content_source);
  parts.blocks = std::move(a.blocks);
  parts.tables = std::move(a.tables);
  parts.attachments = std::move(a.attachments);
  return parts;
}

DocumentParts FromText(const std::string& utf8) {
  TextDocument doc = ParseTextDocument(utf8);
  DocumentParts parts;
  parts.title = std::move(doc.title);
  parts.blocks = std::move(doc.blocks);
  parts.tables = std::move(doc.tables);
  parts.warnings = std::move(doc.warnings);
  return parts;
}

}  // namespace

Result<Report> ParseDocument(const ParseInput& in) {
  if (in.bytes.empty()) return InvalidArgument("empty input: nothing to parse");
  if (in.bytes.size() > kMaxInputBytes) {
    return LimitExceeded("input of " + std::to_string(in.bytes.size()) + " bytes is over the " +
                         std::to_string(kMaxInputBytes) + "-byte limit");
  }
  if (IsBinary(in.bytes)) return ParseError("input is binary data, not an HTML page or text");
  bool html = LooksLikeHtml(in);
  DecodedText text = DecodeToUtf8(in.bytes, in.http_charset);

  Result<DocumentParts> parts =
      html ? FromHtml(std::move(text.utf8), in) : Result<DocumentParts>(FromText(text.utf8));
  if (!parts.ok()) return parts.status();
  DocumentParts& p = parts.value();
  p.kind = html ? DocumentKind::kHtml : DocumentKind::kText;
  if (text.invalid_bytes > 0) {
    p.warnings.insert(p.warnings.begin(), "replaced " + std::to_string(text.invalid_bytes) +
                                              " invalid bytes (decoded as " + text.charset + ", " + text.evidence + ")");
  }
  return AssembleReport(std::move(p), in.url.empty() ? std::nullopt : std::optional<std::string>(in.url));
}

// The crawl reads list titles with the same module (report_identity.h), so
// parse and crawl name one agency and year for one title.
Report AssembleReport(DocumentParts p, std::optional<std::string> url) {
  Report r;
  ReportIdentity id = IdentityOfPage({p.title, p.content_source, &p.blocks});
  r.year = id.year;
  r.agency = std::move(id.agency);
  r.document = p.kind;
  r.title = std::move(p.title);
  r.url = std::move(url);
  r.published = std::move(p.published);
  r.sections = SplitSections(p.blocks);
  r.body_text = JoinBlocks(p.blocks);
  r.attachments = std::move(p.attachments);

  MappedTables mapped = MapTables(p.tables, r.year);
  r.format = mapped.format;
  r.metrics = std::move(mapped.metrics);
  r.tables_found = mapped.found;
  r.checks = RunChecks(r.metrics, r.format, r.year);
  r.checks.insert(r.checks.end(), mapped.shape.begin(), mapped.shape.end());
  r.warnings = std::move(p.warnings);
  r.warnings.insert(r.warnings.end(), mapped.warnings.begin(), mapped.warnings.end());
  if (!r.tables_found) r.warnings.push_back("no standard report table was found");
  return r;
}

}  // namespace nianbao::parser
