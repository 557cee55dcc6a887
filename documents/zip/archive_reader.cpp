#include "documents/zip/archive_reader.h"

#include <optional>
#include <string>
#include <vector>

#include "documents/extract.h"
#include "documents/zip/zip_archive.h"

namespace nianbao::documents {
namespace {

// How much a failure tells an operator about why the report is unreadable:
// a document that is locked or over a bound says more than a stray file.
int Telling(ReadFailureKind k) {
  switch (k) {
    case ReadFailureKind::kEncrypted: return 6;
    case ReadFailureKind::kLimit: return 5;
    case ReadFailureKind::kCrashed: return 4;
    case ReadFailureKind::kBroken: return 3;
    case ReadFailureKind::kNoText: return 2;
    case ReadFailureKind::kUnsupported: return 1;
  }
  return 0;
}

// Files archivers add that are no one's report.
bool Noise(const ZipMember& m) {
  if (m.directory()) return true;
  if (m.name.rfind("__MACOSX/", 0) == 0) return true;
  const std::size_t slash = m.name.rfind('/');
  const std::string_view base = std::string_view(m.name).substr(slash == std::string::npos ? 0 : slash + 1);
  return base.rfind("._", 0) == 0 || base == ".DS_Store" || base == "Thumbs.db";
}

}  // namespace

Extraction ReadArchive(std::string_view bytes, const ExtractLimits& limits, int depth) {
  if (depth >= limits.max_archive_depth) {
    return ReadFailure{ReadFailureKind::kLimit, "ZIP file: archives nested " + std::to_string(depth + 1) +
                                                    " deep, over the " + std::to_string(limits.max_archive_depth) +
                                                    "-archive limit"};
  }
  auto opened = ZipArchive::Open(bytes, limits, "ZIP");
  if (auto* f = std::get_if<ReadFailure>(&opened)) return *f;
  ZipArchive& archive = std::get<ZipArchive>(opened);

  std::optional<parser::DocumentParts> best;
  std::string best_name;
  std::optional<ReadFailure> worst;
  std::string worst_name;
  std::vector<std::string> others;  // members that failed, beside the worst
  std::size_t considered = 0;
  auto fail = [&](ReadFailure f, const std::string& name) {
    if (worst && Telling(f.kind) <= Telling(worst->kind)) {
      others.push_back(name);
      return;
    }
    if (worst) others.push_back(worst_name);
    worst = std::move(f);
    worst_name = name;
  };

  for (const ZipMember& m : archive.members()) {
    if (Noise(m)) continue;
    ++considered;
    auto content = archive.Read(m);
    if (auto* f = std::get_if<ReadFailure>(&content)) {
      fail(*f, m.name);
      continue;
    }
    const std::string& member = std::get<std::string>(content);
    if (member.empty() || SniffForm(member) == DocumentForm::kPage) continue;  // notes, HTML indexes
    ExtractLimits inner = limits;
    inner.max_unpacked_bytes = limits.max_unpacked_bytes - archive.unpacked();
    Extraction e = ExtractDocument(member, inner, depth + 1);
    if (auto* f = std::get_if<ReadFailure>(&e)) {
      fail({f->kind, "ZIP member " + m.name + ": " + f->detail}, m.name);
      continue;
    }
    auto& parts = std::get<parser::DocumentParts>(e);
    if (!best || parts.tables.size() > best->tables.size()) {
      best = std::move(parts);
      best_name = m.name;
    }
  }
  if (best) {
    best->warnings.insert(best->warnings.begin(), "ZIP member " + best_name + " was read (" +
                                                      std::to_string(considered) + " members)");
    return std::move(*best);
  }
  if (!worst) {
    return ReadFailure{ReadFailureKind::kUnsupported,
                       "ZIP file: no document among " + std::to_string(considered) + " members"};
  }
  if (!others.empty()) {
    std::string also = "; also unreadable: ";
    for (std::size_t i = 0; i < others.size() && i < 5; ++i) also += (i ? ", " : "") + others[i];
    if (others.size() > 5) also += ", and " + std::to_string(others.size() - 5) + " more";
    worst->detail += also;
  }
  return *worst;
}

}  // namespace nianbao::documents
