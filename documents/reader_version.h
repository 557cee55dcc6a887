// The version of the readers, recorded with every report they produce
// (storage: reports.reader_version). Bump it whenever a reader reads more or
// reads differently: reports of an older version, and those left as
// `attachment`, are re-read from their stored revision at the next cycle and
// by `nianbao reparse`.
//   1  pages only (HTML, text); documents stored unread
//   2  PDF with a text layer, DOCX, XLSX, DOC/WPS, ZIP archives
//   3  PDF tables without rulings (stream), repeated header rows dropped;
//      XLSX tables on Calc's shared column lattice; a 2021 single （六） row
#pragma once

namespace nianbao::documents {

inline constexpr int kReaderVersion = 3;

}  // namespace nianbao::documents
