// ZipArchive: a read-only ZIP over bytes in memory (libzip), read within the
// ExtractLimits whatever the directory claims: members listed up to
// max_archive_members; each member read in chunks and stopped as soon as it
// passes its declared size, its ratio bound (max_ratio) or the running total
// of the archive (max_unpacked_bytes).
//
// Ownership: the archive borrows `bytes`, which must outlive it; the zip_t is
// owned (RAII). Not thread-safe (libzip handles are not). Failures are values:
// ReadFailure details start with "<label> member <name>: " or "<label> file: ",
// where label is "ZIP", "DOCX" or "XLSX" as the caller names the package.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

struct zip;

namespace nianbao::documents {

struct ZipMember {
  std::string name;               // as the directory spells it (UTF-8 when flagged or guessed)
  std::uint64_t index = 0;        // libzip's entry index
  std::uint64_t size = 0;         // declared inflated size (not trusted)
  std::uint64_t compressed = 0;   // declared compressed size
  bool encrypted = false;
  bool directory() const { return !name.empty() && name.back() == '/'; }
};

class ZipArchive {
 public:
  // The archive, or kBroken (no readable directory) / kLimit (too many members).
  static std::variant<ZipArchive, ReadFailure> Open(std::string_view bytes, const ExtractLimits& limits,
                                                    std::string label);

  const std::vector<ZipMember>& members() const { return members_; }
  // The member called `name` exactly, or nullptr.
  const ZipMember* Find(std::string_view name) const;

  // The inflated bytes of `member`, counted into the archive's running total;
  // kEncrypted, kLimit (size, ratio or total) or kBroken (bad data, CRC).
  std::variant<std::string, ReadFailure> Read(const ZipMember& member);
  // Read(*Find(name)), or kBroken "<label> file: no member <name>".
  std::variant<std::string, ReadFailure> Read(std::string_view name);

  // Bytes inflated so far by Read.
  std::uint64_t unpacked() const { return unpacked_; }

 private:
  struct Closer {
    void operator()(zip* z) const;
  };
  ZipArchive(std::unique_ptr<zip, Closer> z, const ExtractLimits& limits, std::string label)
      : zip_(std::move(z)), limits_(limits), label_(std::move(label)) {}

  ReadFailure MemberFailure(ReadFailureKind kind, const ZipMember& m, const std::string& why) const;

  std::unique_ptr<zip, Closer> zip_;
  ExtractLimits limits_;
  std::string label_;
  std::vector<ZipMember> members_;
  std::uint64_t unpacked_ = 0;
};

}  // namespace nianbao::documents
