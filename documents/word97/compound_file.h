// CompoundFile: an OLE2 (Compound File Binary, MS-CFB) container read from
// memory: the header (512- or 4096-byte sectors), the DIFAT (header part and
// chain), the FAT, the mini FAT with its mini stream, and the directory; its
// root-level streams are read by name.
//
// Every chain is bounded: a sector index outside the file, a chain that
// revisits a sector or runs longer than the file has sectors is a kBroken
// ReadFailure naming the chain ("OLE2: FAT chain of stream WordDocument loops
// at sector 12"). Nothing is allocated beyond the file's size.
//
// A CompoundFile views the bytes given to Open (not owned): they must outlive
// it. Immutable after Open; safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "documents/read_failure.h"

namespace nianbao::documents::word97 {

class CompoundFile {
 public:
  // kBroken when `bytes` is not a well-formed compound file header/FAT/directory.
  static std::variant<CompoundFile, ReadFailure> Open(std::string_view bytes);

  // True when the root storage holds a stream called `name` (names compare
  // ASCII case-insensitively, as MS-CFB says).
  bool HasStream(std::string_view name) const;
  // The whole stream; kBroken when absent ("OLE2: no stream 1Table") or when
  // its chain is broken.
  std::variant<std::string, ReadFailure> ReadStream(std::string_view name) const;
  // UTF-8 names of the root storage's direct children, in directory order.
  std::vector<std::string> RootNames() const;

 private:
  struct Entry {
    std::string name;  // UTF-8
    std::uint8_t type = 0;  // 1 storage, 2 stream, 5 root
    std::uint32_t left = 0, right = 0, child = 0;
    std::uint32_t start = 0;
    std::uint64_t size = 0;
  };
  explicit CompoundFile(std::string_view bytes) : bytes_(bytes) {}

  // The sectors of the chain starting at `start` in `fat`, bounded as above;
  // `what` names the chain in failures.
  std::variant<std::vector<std::uint32_t>, ReadFailure> Chain(const std::vector<std::uint32_t>& fat,
                                                                std::uint32_t start, std::size_t max_len,
                                                                const std::string& what) const;
  std::variant<std::string, ReadFailure> ReadChain(std::uint32_t start, std::uint64_t size,
                                                   const std::string& what) const;
  std::variant<std::string, ReadFailure> ReadMini(std::uint32_t start, std::uint64_t size,
                                                  const std::string& what) const;
  const Entry* FindRootChild(std::string_view name) const;
  std::vector<const Entry*> RootChildren() const;
  std::size_t SectorCount() const;

  std::string_view bytes_;
  unsigned sector_shift_ = 9;
  unsigned mini_shift_ = 6;
  std::uint32_t mini_cutoff_ = 4096;
  std::vector<std::uint32_t> fat_;
  std::vector<std::uint32_t> mini_fat_;
  std::string mini_stream_;
  std::vector<Entry> entries_;
};

}  // namespace nianbao::documents::word97
