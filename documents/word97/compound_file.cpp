#include "documents/word97/compound_file.h"

#include <algorithm>

#include "common/utf8.h"
#include "documents/form.h"
#include "documents/word97/le_bytes.h"

namespace nianbao::documents {
namespace word97 {
namespace {

constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr std::uint32_t kNoStream = 0xFFFFFFFF;
constexpr std::size_t kHeaderDifat = 109;

ReadFailure Broken(std::string detail) { return ReadFailure{ReadFailureKind::kBroken, "OLE2: " + std::move(detail)}; }

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

// A directory entry's name: UTF-16LE, length in bytes including the NUL.
std::string EntryName(std::string_view e) {
  std::size_t len = std::min<std::size_t>(U16(e, 64), 64);
  std::string out;
  for (std::size_t i = 0; i + 1 < len; i += 2) {
    char16_t c = U16(e, i);
    if (c == 0) break;
    AppendUtf8(out, c >= 0xD800 && c <= 0xDFFF ? U'\uFFFD' : char32_t(c));
  }
  return out;
}

}  // namespace

std::size_t CompoundFile::SectorCount() const {
  std::size_t size = std::size_t(1) << sector_shift_;
  return bytes_.size() <= size ? 0 : (bytes_.size() - size + size - 1) / size;
}

std::variant<std::vector<std::uint32_t>, ReadFailure> CompoundFile::Chain(const std::vector<std::uint32_t>& fat,
                                                                          std::uint32_t start, std::size_t max_len,
                                                                          const std::string& what) const {
  std::vector<std::uint32_t> chain;
  std::vector<bool> seen(fat.size(), false);
  for (std::uint32_t s = start; s != kEndOfChain;) {
    if (s >= fat.size()) return Broken(what + " points at sector " + std::to_string(s) + " outside the table");
    if (seen[s]) return Broken(what + " loops at sector " + std::to_string(s));
    if (chain.size() >= max_len) return Broken(what + " is longer than the file");
    seen[s] = true;
    chain.push_back(s);
    s = fat[s];
  }
  return chain;
}

std::variant<std::string, ReadFailure> CompoundFile::ReadChain(std::uint32_t start, std::uint64_t size,
                                                               const std::string& what) const {
  const std::size_t sector = std::size_t(1) << sector_shift_;
  if (size > bytes_.size()) return Broken(what + " claims " + std::to_string(size) + " bytes, more than the file");
  auto chain = Chain(fat_, start, SectorCount() + 1, "FAT chain of " + what);
  if (auto* f = std::get_if<ReadFailure>(&chain)) return std::move(*f);
  std::string out;
  out.reserve(static_cast<std::size_t>(size));
  for (std::uint32_t s : std::get<std::vector<std::uint32_t>>(chain)) {
    if (out.size() >= size) break;
    std::size_t at = (std::size_t(s) + 1) * sector;
    if (at >= bytes_.size()) return Broken(what + ": sector " + std::to_string(s) + " beyond the end of the file");
    std::size_t n = std::min<std::size_t>({sector, bytes_.size() - at, static_cast<std::size_t>(size) - out.size()});
    out.append(bytes_.data() + at, n);
  }
  if (out.size() < size) return Broken(what + " is truncated (" + std::to_string(out.size()) + " of " +
                                       std::to_string(size) + " bytes)");
  return out;
}

std::variant<std::string, ReadFailure> CompoundFile::ReadMini(std::uint32_t start, std::uint64_t size,
                                                              const std::string& what) const {
  const std::size_t sector = std::size_t(1) << mini_shift_;
  auto chain = Chain(mini_fat_, start, mini_stream_.size() / sector + 1, "mini FAT chain of " + what);
  if (auto* f = std::get_if<ReadFailure>(&chain)) return std::move(*f);
  std::string out;
  for (std::uint32_t s : std::get<std::vector<std::uint32_t>>(chain)) {
    if (out.size() >= size) break;
    std::size_t at = std::size_t(s) * sector;
    if (at >= mini_stream_.size()) return Broken(what + ": mini sector " + std::to_string(s) + " beyond the mini stream");
    std::size_t n = std::min<std::size_t>({sector, mini_stream_.size() - at, static_cast<std::size_t>(size) - out.size()});
    out.append(mini_stream_.data() + at, n);
  }
  if (out.size() < size) return Broken(what + " is truncated in the mini stream");
  return out;
}

std::variant<CompoundFile, ReadFailure> CompoundFile::Open(std::string_view b) {
  if (b.size() < 512 || b.substr(0, 8) != std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return Broken("no compound file header");
  CompoundFile cf(b);
  cf.sector_shift_ = U16(b, 0x1E);
  cf.mini_shift_ = U16(b, 0x20);
  if (cf.sector_shift_ != 9 && cf.sector_shift_ != 12)
    return Broken("sector shift " + std::to_string(cf.sector_shift_) + " (not 9 or 12)");
  if (cf.mini_shift_ != 6) return Broken("mini sector shift " + std::to_string(cf.mini_shift_) + " (not 6)");
  cf.mini_cutoff_ = U32(b, 0x38);
  const std::size_t sector = std::size_t(1) << cf.sector_shift_;
  const std::size_t sectors = cf.SectorCount();
  const std::uint32_t fat_sectors = U32(b, 0x2C);
  if (fat_sectors > sectors) return Broken("header claims " + std::to_string(fat_sectors) + " FAT sectors in a file of " +
                                           std::to_string(sectors));

  // The DIFAT: 109 FAT sector numbers in the header, the rest in a chain of
  // DIFAT sectors whose last slot links to the next.
  std::vector<std::uint32_t> fat_list;
  for (std::size_t i = 0; i < kHeaderDifat && fat_list.size() < fat_sectors; ++i) fat_list.push_back(U32(b, 0x4C + 4 * i));
  std::uint32_t difat = U32(b, 0x44);
  std::vector<bool> seen(sectors, false);
  while (fat_list.size() < fat_sectors) {
    if (difat >= sectors) return Broken("DIFAT chain points at sector " + std::to_string(difat) + " outside the file");
    if (seen[difat]) return Broken("DIFAT chain loops at sector " + std::to_string(difat));
    seen[difat] = true;
    std::size_t at = (std::size_t(difat) + 1) * sector;
    for (std::size_t i = 0; i + 1 < sector / 4 && fat_list.size() < fat_sectors; ++i) fat_list.push_back(U32(b, at + 4 * i));
    difat = U32(b, at + sector - 4);
  }
  for (std::uint32_t s : fat_list) {
    std::size_t at = (std::size_t(s) + 1) * sector;
    if (s >= sectors || at + sector > b.size())
      return Broken("FAT sector " + std::to_string(s) + " outside the file");
    for (std::size_t i = 0; i < sector / 4; ++i) cf.fat_.push_back(U32(b, at + 4 * i));
  }

  // The directory's size is not in a version 3 header: its whole chain is read.
  auto dir_chain = cf.Chain(cf.fat_, U32(b, 0x30), sectors + 1, "FAT chain of the directory");
  if (auto* f = std::get_if<ReadFailure>(&dir_chain)) return std::move(*f);
  auto dir = cf.ReadChain(U32(b, 0x30), std::get<std::vector<std::uint32_t>>(dir_chain).size() * sector,
                          "the directory");
  if (auto* f = std::get_if<ReadFailure>(&dir)) return std::move(*f);
  const std::string& d = std::get<std::string>(dir);
  for (std::size_t at = 0; at + 128 <= d.size(); at += 128) {
    std::string_view e(d.data() + at, 128);
    Entry entry;
    entry.name = EntryName(e);
    entry.type = static_cast<std::uint8_t>(e[66]);
    entry.left = U32(e, 68);
    entry.right = U32(e, 72);
    entry.child = U32(e, 76);
    entry.start = U32(e, 116);
    entry.size = U32(e, 120);
    if (cf.sector_shift_ == 12) entry.size |= std::uint64_t(U32(e, 124)) << 32;
    cf.entries_.push_back(std::move(entry));
  }
  if (cf.entries_.empty() || cf.entries_[0].type != 5) return Broken("directory has no root entry");

  // The mini FAT and the mini stream (the root entry's data) hold streams
  // under the cutoff.
  const Entry& root = cf.entries_[0];
  if (root.size > 0 && root.start != kEndOfChain) {
    auto mini = cf.ReadChain(root.start, root.size, "mini stream");
    if (auto* f = std::get_if<ReadFailure>(&mini)) return std::move(*f);
    cf.mini_stream_ = std::move(std::get<std::string>(mini));
  }
  std::uint32_t mini_fat_sectors = U32(b, 0x40);
  if (mini_fat_sectors > 0 && U32(b, 0x3C) != kEndOfChain) {
    if (mini_fat_sectors > sectors) return Broken("header claims " + std::to_string(mini_fat_sectors) + " mini FAT sectors");
    auto mf = cf.ReadChain(U32(b, 0x3C), std::uint64_t(mini_fat_sectors) * sector, "mini FAT");
    if (auto* f = std::get_if<ReadFailure>(&mf)) return std::move(*f);
    const std::string& m = std::get<std::string>(mf);
    for (std::size_t i = 0; i + 4 <= m.size(); i += 4) cf.mini_fat_.push_back(U32(m, i));
  }
  return cf;
}

// The root's children are a red-black tree of siblings under root.child;
// walked with an explicit stack, each entry visited once.
std::vector<const CompoundFile::Entry*> CompoundFile::RootChildren() const {
  std::vector<const Entry*> out;
  std::vector<bool> seen(entries_.size(), false);
  std::vector<std::uint32_t> stack = {entries_[0].child};
  while (!stack.empty()) {
    std::uint32_t i = stack.back();
    stack.pop_back();
    if (i == kNoStream || i >= entries_.size() || seen[i]) continue;
    seen[i] = true;
    out.push_back(&entries_[i]);
    stack.push_back(entries_[i].right);
    stack.push_back(entries_[i].left);
  }
  return out;
}

const CompoundFile::Entry* CompoundFile::FindRootChild(std::string_view name) const {
  for (const Entry* e : RootChildren()) {
    if (e->type == 2 && SameName(e->name, name)) return e;
  }
  return nullptr;
}

bool CompoundFile::HasStream(std::string_view name) const { return FindRootChild(name) != nullptr; }

std::vector<std::string> CompoundFile::RootNames() const {
  std::vector<std::string> names;
  for (const Entry* e : RootChildren()) names.push_back(e->name);
  return names;
}

std::variant<std::string, ReadFailure> CompoundFile::ReadStream(std::string_view name) const {
  const Entry* e = FindRootChild(name);
  if (!e) return Broken("no stream " + std::string(name));
  std::string what = "stream " + std::string(name);
  if (e->size == 0) return std::string();
  if (e->size < mini_cutoff_) return ReadMini(e->start, e->size, what);
  return ReadChain(e->start, e->size, what);
}

}  // namespace word97

// Kingsoft WPS 文字 saves .wps as Word 97 (a WordDocument stream); no stream
// or FIB field we know tells its files apart reliably, so they are kDoc and
// the caller's form (from the file name) decides kWps.
DocumentForm ClassifyOle(std::string_view bytes) {
  auto cf = word97::CompoundFile::Open(bytes);
  if (auto* f = std::get_if<word97::CompoundFile>(&cf)) {
    if (f->HasStream("WordDocument")) return DocumentForm::kDoc;
    if (f->HasStream("Workbook") || f->HasStream("Book")) return DocumentForm::kXls;
  }
  return DocumentForm::kOle;
}

}  // namespace nianbao::documents
