#include "parser/labels.h"

#include "common/utf8.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace nianbao::parser {
namespace {

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0x00A0 || cp == 0x3000 || cp == 0x200B || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200A);
}

// Full-width ASCII (U+FF01..U+FF5E) to ASCII, so "（二）" and "(二)" compare equal.
char32_t Fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21;
  return cp;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The report's ways of writing "nothing here". Blank, dash, slash and 无 are
// all read as null: field.md §3.4 shows blanks standing for zeros in some
// reports and for "not filled" in others, and nothing in the notes says a dash
// means 0, so we do not turn any of them into a number.
bool IsNothingToken(std::string_view s) {
  static constexpr std::string_view kTokens[] = {"-", "--", "/", "\\", "无", "—", "——", "–", "――", "─", "N/A", "n/a"};
  for (std::string_view t : kTokens) {
    if (s == t) return true;
  }
  return false;
}

// Strips one unit suffix; amounts keep their unit's scale (field.md §3.3).
std::string_view StripUnit(std::string_view s) {
  static constexpr std::string_view kUnits[] = {"万元", "元", "件", "个", "项", "条"};
  for (std::string_view u : kUnits) {
    if (EndsWith(s, u)) return s.substr(0, s.size() - u.size());
  }
  return s;
}

// Removes thousands separators: a comma after a digit and before exactly
// three digits ("1,234" but not "1,2").
std::string DropSeparators(std::string_view s) {
  auto digit = [&](std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool sep = s[i] == ',' && i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4);
    if (!sep) out.push_back(s[i]);
  }
  return out;
}

bool IsPlainNumber(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (digits == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t frac = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac;
    if (frac == 0) return false;
  }
  return i == s.size();
}

}  // namespace

std::string NormalizeLabel(std::string_view text) {
  std::string out;
  NormalizeLabelInto(text, out);
  return out;
}

// Runs of ASCII other than whitespace are copied in one append; a code point
// that needs no folding is copied as its source bytes (its only UTF-8 form).
void NormalizeLabelInto(std::string_view text, std::string& out) {
  out.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = i;
    while (run < text.size()) {
      const auto b = static_cast<unsigned char>(text[run]);
      if (b >= 0x80 || b == ' ' || (b >= '\t' && b <= '\r')) break;
      ++run;
    }
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      if (i == text.size()) break;
    }
    const std::size_t start = i;
    const char32_t cp = NextCodePoint(text, i);
    if (cp == 0xFFFD && i == start + 1) {
      out.push_back(text[start]);  // keep stray bytes; they only fail to match
      continue;
    }
    if (IsSpace(cp)) continue;
    const char32_t folded = Fold(cp);
    if (folded == cp) {
      out.append(text.data() + start, i - start);
    } else {
      AppendUtf8(out, folded);
    }
  }
}

CellValue ParseCell(std::string_view text) { return ParseNormalizedCell(NormalizeLabel(text)); }

CellValue ParseNormalizedCell(std::string_view s) {
  CellValue cell;
  if (s.empty()) return cell;
  if (IsNothingToken(s)) {
    cell.kind = CellValue::Kind::kNothing;
    return cell;
  }
  // A number starts with a sign or a digit (separators and units never come
  // first), so other text is known without the copies below.
  if (!std::isdigit(static_cast<unsigned char>(s[0])) && s[0] != '+' && s[0] != '-') {
    cell.kind = CellValue::Kind::kText;
    return cell;
  }
  std::string digits = DropSeparators(StripUnit(s));
  if (digits.size() > 24 || !IsPlainNumber(digits)) {
    cell.kind = CellValue::Kind::kText;
    return cell;
  }
  double v = std::strtod(digits.c_str(), nullptr);
  if (!std::isfinite(v)) {
    cell.kind = CellValue::Kind::kText;
    return cell;
  }
  cell.kind = CellValue::Kind::kNumber;
  cell.value = v == 0 ? 0 : v;  // no "-0"
  return cell;
}

std::string FormatNumber(double v) {
  char buf[40];
  if (std::fabs(v) < 1e15 && v == std::trunc(v)) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.10g", v);
  }
  return buf;
}

}  // namespace nianbao::parser
