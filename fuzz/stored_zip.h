// StoredZip: a ZIP archive of stored (uncompressed) members with correct
// CRC-32s, built in memory, so that a fuzz target can hand mutated XML parts
// to a package reader without the mutation being stopped at the archive's
// checksums. Header-only; members are copied; no ZIP64 (members < 4 GiB).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nianbao::fuzz {

class StoredZip {
 public:
  void Add(std::string name, std::string_view data) { members_.emplace_back(std::move(name), std::string(data)); }

  // The whole archive: local headers and data, central directory, end record.
  std::string Bytes() const {
    std::string out, central;
    for (const auto& [name, data] : members_) {
      const std::uint32_t crc = static_cast<std::uint32_t>(
          crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
      const std::uint32_t offset = static_cast<std::uint32_t>(out.size());
      Put32(out, 0x04034b50);
      Common(out, name, data, crc);
      out += name;
      out += data;
      Put32(central, 0x02014b50);
      Put16(central, 20);  // made by
      Common(central, name, data, crc);
      Put16(central, 0);  // comment length
      Put16(central, 0);  // disk
      Put16(central, 0);  // internal attributes
      Put32(central, 0);  // external attributes
      Put32(central, offset);
      central += name;
    }
    const std::uint32_t dir_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    Put32(out, 0x06054b50);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, static_cast<std::uint16_t>(members_.size()));
    Put16(out, static_cast<std::uint16_t>(members_.size()));
    Put32(out, static_cast<std::uint32_t>(central.size()));
    Put32(out, dir_offset);
    Put16(out, 0);
    return out;
  }

 private:
  static void Put16(std::string& s, std::uint16_t v) {
    s.push_back(static_cast<char>(v & 0xff));
    s.push_back(static_cast<char>(v >> 8));
  }
  static void Put32(std::string& s, std::uint32_t v) {
    Put16(s, static_cast<std::uint16_t>(v & 0xffff));
    Put16(s, static_cast<std::uint16_t>(v >> 16));
  }
  // Version, flags (bit 11: UTF-8 names), method 0, time, date, CRC, sizes, name and extra lengths.
  static void Common(std::string& s, const std::string& name, const std::string& data, std::uint32_t crc) {
    Put16(s, 20);
    Put16(s, 0x0800);
    Put16(s, 0);
    Put16(s, 0);
    Put16(s, 0x5421);
    Put32(s, crc);
    Put32(s, static_cast<std::uint32_t>(data.size()));
    Put32(s, static_cast<std::uint32_t>(data.size()));
    Put16(s, static_cast<std::uint16_t>(name.size()));
    Put16(s, 0);
  }

  std::vector<std::pair<std::string, std::string>> members_;
};

}  // namespace nianbao::fuzz
