#include "documents/report_reader.h"

#include <utility>

#include "documents/extract.h"
#include "documents/isolation/reader_process.h"
#include "parser/document_parts.h"

namespace nianbao::documents {
namespace {

ReportRead FromPage(const DocumentInput& in) {
  parser::ParseInput p;
  p.bytes = in.bytes;
  p.url = in.url;
  p.http_charset = in.http_charset;
  p.content_type = in.content_type;
  p.resolve_link = in.resolve_link;
  ReportRead out;
  out.form = DocumentForm::kPage;
  Result<parser::Report> r = parser::ParseDocument(p);
  if (r.ok()) {
    out.report = std::move(*r);
  } else {
    const bool limit = r.status().code() == Code::kLimit;
    out.failure = ReadFailure{limit ? ReadFailureKind::kLimit : ReadFailureKind::kBroken, r.status().message()};
  }
  return out;
}

}  // namespace

ReportRead ReadReport(const DocumentInput& in, const ReaderOptions& options) {
  const DocumentForm form = SniffForm(in.bytes);
  if (form == DocumentForm::kPage) return FromPage(in);
  ReportRead out;
  out.form = form;
  Extraction e = options.reader_exe.empty() ? ExtractDocument(in.bytes, options.limits)
                                            : ReadInChild(in.bytes, options);
  if (auto* failure = std::get_if<ReadFailure>(&e)) {
    out.failure = std::move(*failure);
    return out;
  }
  out.report = parser::AssembleReport(std::move(std::get<parser::DocumentParts>(e)),
                                      in.url.empty() ? std::nullopt : std::optional<std::string>(in.url));
  return out;
}

}  // namespace nianbao::documents
