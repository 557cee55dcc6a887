// Label and cell normalisation shared by the table mapper and the text-grid
// reader. Labels in real reports are spaced out letter by letter, mix full- and
// half-width punctuation and digits, and wrap; NormalizeLabel() makes them
// comparable. ParseCell() reads one table cell as a number, as the report's
// "nothing" (blank, dash, slash, 无), or as text. Pure functions, no state.
#pragma once

#include <string>
#include <string_view>

namespace nianbao::parser {

// Drops every kind of whitespace (ASCII, U+3000, U+00A0) and maps full-width
// ASCII forms (（）０-９，：) to their ASCII twins. Invalid UTF-8 bytes are kept.
std::string NormalizeLabel(std::string_view text);
// NormalizeLabel into `out` (cleared first), reusing its buffer.
void NormalizeLabelInto(std::string_view text, std::string& out);

struct CellValue {
  enum class Kind {
    kBlank,    // empty cell
    kNothing,  // "—", "——", "-", "/", "无": the report's explicit nothing; read as null
    kNumber,   // value is set
    kText,     // anything else (a label, a note, "见附件")
  };
  Kind kind = Kind::kBlank;
  double value = 0;

  bool is_number() const { return kind == Kind::kNumber; }
  // A cell that can stand where a number belongs (a number or an explicit nothing).
  bool is_value() const { return kind == Kind::kNumber || kind == Kind::kNothing; }
};

// Accepts ASCII and full-width digits, a sign, thousands separators, a
// decimal part and a unit suffix (元, 万元, 件, 个, 项, 条). Never guesses: text
// with anything else in it is kText.
CellValue ParseCell(std::string_view text);
// ParseCell of a cell whose text is already NormalizeLabel'd: callers that
// hold the normalised text (the table mapper's GridView) skip a second pass.
CellValue ParseNormalizedCell(std::string_view normalized);

// Shortest decimal form of a metric value: integers without ".0", fees such as
// 1.1988 as written, at most 10 significant digits so a computed change
// (1.1988 − 1) prints as 0.1988. The one rule for report figures wherever they
// are shown: checks, `show`, `diff`, exports and year-over-year details.
std::string FormatNumber(double v);


}  // namespace nianbao::parser
