#include "documents/zip/zip_archive.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>

namespace nianbao::documents {
namespace {

constexpr std::size_t kChunk = 64u << 10;

struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

std::string ErrorText(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string text = zip_error_strerror(&e);
  zip_error_fini(&e);
  return text;
}

std::string RatioText(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", r);
  return buf;
}

}  // namespace

void ZipArchive::Closer::operator()(zip* z) const { zip_discard(z); }

std::variant<ZipArchive, ReadFailure> ZipArchive::Open(std::string_view bytes, const ExtractLimits& limits,
                                                       std::string label) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
  if (!source) {
    zip_error_fini(&error);
    return ReadFailure{ReadFailureKind::kBroken, label + " file: cannot read the bytes"};
  }
  zip_t* opened = zip_open_from_source(source.get(), ZIP_RDONLY, &error);
  if (!opened) {
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return ReadFailure{ReadFailureKind::kBroken, label + " file: no readable directory (" + why + ")"};
  }
  source.release();  // the archive owns the source from here on
  zip_error_fini(&error);
  ZipArchive archive(std::unique_ptr<zip, Closer>(opened), limits, label);

  const zip_int64_t count = zip_get_num_entries(opened, 0);
  if (count < 0) return ReadFailure{ReadFailureKind::kBroken, label + " file: no readable directory"};
  if (count > limits.max_archive_members) {
    return ReadFailure{ReadFailureKind::kLimit, label + " file: " + std::to_string(count) + " members, over the " +
                                                    std::to_string(limits.max_archive_members) + "-member limit"};
  }
  archive.members_.reserve(static_cast<std::size_t>(count));
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(opened, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
      return ReadFailure{ReadFailureKind::kBroken,
                         label + " file: directory entry " + std::to_string(i) + " unreadable"};
    }
    ZipMember m;
    m.name = st.name;
    m.index = static_cast<std::uint64_t>(i);
    m.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    m.compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    m.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
    archive.members_.push_back(std::move(m));
  }
  return archive;
}

const ZipMember* ZipArchive::Find(std::string_view name) const {
  auto it = std::find_if(members_.begin(), members_.end(), [&](const ZipMember& m) { return m.name == name; });
  return it == members_.end() ? nullptr : &*it;
}

ReadFailure ZipArchive::MemberFailure(ReadFailureKind kind, const ZipMember& m, const std::string& why) const {
  return {kind, label_ + " member " + m.name + ": " + why};
}

std::variant<std::string, ReadFailure> ZipArchive::Read(std::string_view name) {
  const ZipMember* m = Find(name);
  if (!m) return ReadFailure{ReadFailureKind::kBroken, label_ + " file: no member " + std::string(name)};
  return Read(*m);
}

std::variant<std::string, ReadFailure> ZipArchive::Read(const ZipMember& m) {
  if (m.encrypted) return MemberFailure(ReadFailureKind::kEncrypted, m, "encrypted");
  const std::uint64_t budget = limits_.max_unpacked_bytes > unpacked_ ? limits_.max_unpacked_bytes - unpacked_ : 0;
  const std::string total_text = "over the " + std::to_string(limits_.max_unpacked_bytes) + "-byte unpacked limit";
  if (m.size > budget) {
    return MemberFailure(ReadFailureKind::kLimit, m, "declares " + std::to_string(m.size) + " bytes, " + total_text);
  }
  // A stored member of a few bytes has a ratio near 1; the floor keeps tiny
  // compressed sizes from dividing into nonsense.
  const double compressed = static_cast<double>(std::max<std::uint64_t>(m.compressed, 1));
  const std::string ratio_bound = "over the 1:" + RatioText(limits_.max_ratio) + " bound";
  if (static_cast<double>(m.size) / compressed > limits_.max_ratio) {
    return MemberFailure(ReadFailureKind::kLimit, m,
                         "ratio 1:" + RatioText(static_cast<double>(m.size) / compressed) + " " + ratio_bound);
  }
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(zip_.get(), m.index, 0));
  if (!file) {
    const int code = zip_error_code_zip(zip_get_error(zip_.get()));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD) {
      return MemberFailure(ReadFailureKind::kEncrypted, m, "encrypted");
    }
    return MemberFailure(ReadFailureKind::kBroken, m, ErrorText(code));
  }
  // The header is a claim: read at most one byte past what is allowed, so a
  // member that lies about its size is caught without inflating the lie.
  const std::uint64_t allowed = std::min<std::uint64_t>(m.size, budget);
  std::string out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(allowed, 16u << 20)));
  std::string chunk(kChunk, '\0');
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
    if (n < 0) {
      const int code = zip_error_code_zip(zip_file_get_error(file.get()));
      return MemberFailure(ReadFailureKind::kBroken, m, ErrorText(code));
    }
    if (n == 0) break;
    out.append(chunk.data(), static_cast<std::size_t>(n));
    if (out.size() > allowed) {
      if (out.size() > budget) return MemberFailure(ReadFailureKind::kLimit, m, "inflates " + total_text);
      return MemberFailure(ReadFailureKind::kBroken, m,
                           "inflates past its declared " + std::to_string(m.size) + " bytes");
    }
  }
  if (out.size() != m.size) {
    return MemberFailure(ReadFailureKind::kBroken, m,
                         "inflates to " + std::to_string(out.size()) + " of its declared " + std::to_string(m.size) +
                             " bytes");
  }
  unpacked_ += out.size();
  return out;
}

DocumentForm ClassifyZip(std::string_view bytes) {
  // The directory alone tells the package; members are never inflated here.
  auto opened = ZipArchive::Open(bytes, ExtractLimits{}, "ZIP");
  if (!std::holds_alternative<ZipArchive>(opened)) return DocumentForm::kZip;
  const ZipArchive& a = std::get<ZipArchive>(opened);
  const bool ooxml = a.Find("[Content_Types].xml") != nullptr;
  if (ooxml && a.Find("word/document.xml")) return DocumentForm::kDocx;
  if (ooxml && a.Find("xl/workbook.xml")) return DocumentForm::kXlsx;
  if (ooxml) return DocumentForm::kOoxml;
  if (a.Find("OFD.xml")) return DocumentForm::kOfd;
  return DocumentForm::kZip;
}

}  // namespace nianbao::documents
