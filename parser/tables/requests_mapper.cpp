#include "parser/tables/requests_mapper.h"

#include <algorithm>

#include "parser/checks.h"
#include "parser/tables/grid_rows.h"
#include "parser/labels.h"
#include "parser/schema.h"

namespace nianbao::parser {
namespace {

constexpr int kCols = 7;

// Column captions of the header; returns -1 for other text. Truncated
// captions ("社 会 公 益" / "组 织" on the next line) match by prefix.
int HeaderColumn(std::string_view label) {
  if (label == "自然人") return 0;
  if (label == "商业企业") return 1;
  if (label == "科研机构") return 2;
  if (label.rfind("社会公益", 0) == 0) return 3;
  if (label.rfind("法律服务", 0) == 0) return 4;
  if (label == "其他") return 5;
  if (label == "总计") return 6;
  return -1;
}

// Where the seven columns sit in `grid`, read from the header rows above the
// first row with a number. Empty when any column is missing or out of order
// (a continuation grid without header, a mangled header).
std::optional<std::array<int, kCols>> HeaderPositions(const GridView& grid) {
  std::array<int, kCols> pos;
  pos.fill(-1);
  for (std::size_t r = 0; r < grid.height(); ++r) {
    if (grid.rows[r].has_number) break;
    const auto& labels = grid.labels[r];
    for (std::size_t c = 0; c < labels.size(); ++c) {
      int k = HeaderColumn(labels[c]);
      if (k >= 0 && pos[k] < 0) pos[k] = static_cast<int>(c);
    }
  }
  for (int k = 0; k < kCols; ++k) {
    if (pos[k] < 0 || (k > 0 && pos[k] <= pos[k - 1])) return std::nullopt;
  }
  return pos;
}

std::optional<double> ValueOf(const CellValue& c) {
  if (c.is_number()) return c.value;
  return std::nullopt;
}

// How a row's cells are assigned to columns. See ReadRequests for the choice.
enum class Policy {
  kPositional,  // under the header's columns where the row lines up with them
  kLostCell,    // 6 values: 自然人 … 总计 with one 法人 column lost
  kBlankTotal,  // 6 values then a blank: 自然人 … 其他, 总计 left blank
  kMerged,      // 6 values then a blank, undecided: keep only what both readings agree on
};

struct Candidate {
  std::string key;
  RowView view;
  const std::optional<std::array<int, kCols>>* positions;
  // Cells the source row really had; cells past it are Grid padding, i.e.
  // lost, not blank.
  std::size_t real_width;
  const Grid* grid;
  std::size_t row_index;
};

struct RowRead {
  RequestValues values;
  std::optional<CheckResult> shape;
  std::vector<std::string> warnings;
  std::vector<RequestValues> placements;  // > 1: a lost cell the row alone cannot place
};

CheckResult Shape(const std::string& key, CheckStatus status, std::string detail) {
  return {"shape.repaired", "requests." + key, status, std::move(detail)};
}

// A labelled row with empty cells after its label is a row of blank cells
// (every zero left out), not a header.
// Header rows (申请人情况 … 总计, the 勾稽 note) are not such rows.
bool HasBlankAfterLabel(const std::vector<GridCell>& row, const std::vector<std::string_view>& labels,
                        std::size_t real_width) {
  std::size_t last_text = 0;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i].text.empty()) continue;
    const std::string_view label = labels[i];
    if (HeaderColumn(label) >= 0 || Has(label, "勾稽") || Has(label, "申请人情况")) return false;
    last_text = i;
  }
  return last_text + 1 < real_width;
}

bool PositionallyClean(const Candidate& c) {
  if (!c.positions || !*c.positions) return false;
  const auto& pos = **c.positions;
  const auto& cells = c.view.cells;
  if (static_cast<std::size_t>(pos[kCols - 1]) >= c.real_width) return false;
  bool any_number = false;
  for (int i = 0; i < static_cast<int>(cells.size()); ++i) {
    bool in_cols = false;
    for (int p : pos) in_cols = in_cols || p == i;
    if (in_cols) {
      if (cells[i].kind == CellValue::Kind::kText) return false;
      any_number = any_number || cells[i].is_number();
    } else if (cells[i].is_value()) {
      return false;
    }
  }
  return any_number;
}

RowRead ReadPositional(const Candidate& c) {
  RowRead r;
  for (int k = 0; k < kCols; ++k) r.values[k] = ValueOf(c.view.cells[(**c.positions)[k]]);
  return r;
}

// Every way to put 6 values into the 7 columns with 自然人 first, 总计 last and
// one 法人 column lost, the lost cell holding what the row total leaves over
// (R2). Distinct rows only; empty when a value is missing or nothing is left
// over for the lost cell (a negative count).
std::vector<RequestValues> Placements(const std::vector<CellValue>& seq) {
  std::vector<RequestValues> out;
  for (const CellValue& c : seq) {
    if (!c.is_number()) return out;
  }
  double lost = seq[5].value - seq[0].value;
  for (int i = 1; i <= 4; ++i) lost -= seq[i].value;
  if (lost < -1e-9) return out;
  for (int j = 1; j <= 5; ++j) {
    RequestValues v;
    v[0] = seq[0].value;
    v[6] = seq[5].value;
    for (int k = 1, src = 1; k <= 5; ++k) v[k] = k == j ? lost : seq[src++].value;
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

// The cells all `rows` agree on; the others null.
RequestValues Agree(const std::vector<RequestValues>& rows) {
  RequestValues v = rows.front();
  for (const RequestValues& r : rows) {
    for (int k = 0; k < kCols; ++k) {
      if (v[k] != r[k]) v[k] = std::nullopt;
    }
  }
  return v;
}

std::string BlankColumns(const RequestValues& v) {
  std::string out;
  for (int k = 0; k < kCols; ++k) {
    if (!v[k]) out += (out.empty() ? "" : ", ") + CaptionOf(RequestColumns()[k]);
  }
  return out;
}

// 6 values for 7 columns, 总计 last: the lost cell is one of the five 法人
// columns. Cells that come out the same wherever the lost cell sat are
// pinned down (all five are 0 when 总计 = 自然人); the rest stay null until
// the columns' sums place them (PlaceByColumns).
RowRead ReadLostCell(const std::string& key, const std::vector<CellValue>& seq) {
  RowRead r;
  std::string nums;
  for (const auto& v : seq) nums += (nums.empty() ? "" : " ") + (v.is_number() ? FormatNumber(v.value) : "空");
  std::string head = key + ": 6 cells for 7 columns (" + nums + ")";
  std::vector<RequestValues> places = Placements(seq);
  if (places.empty()) {
    r.values[0] = ValueOf(seq[0]);
    r.values[6] = ValueOf(seq[5]);
    r.shape = Shape(key, CheckStatus::kNotAssessable,
                    head + "; the lost 法人或其他组织 cell cannot be worked out, so those five cells are left blank");
    return r;
  }
  r.values = Agree(places);
  if (places.size() == 1) {
    bool zeros = *r.values[0] == *r.values[6];
    r.shape = Shape(key, CheckStatus::kOk,
                    head + (zeros ? "; 总计 " + FormatNumber(*r.values[6]) + " = 自然人 " + FormatNumber(*r.values[0]) +
                                        ", so every 法人或其他组织 cell is 0, the lost one included"
                                  : "; the row total pins the lost cell wherever it sat"));
    return r;
  }
  r.placements = std::move(places);
  r.shape = Shape(key, CheckStatus::kNotAssessable,
                  head + "; which 法人或其他组织 column was lost cannot be told, so " + BlankColumns(r.values) +
                      " are left blank");
  return r;
}

RowRead ReadBlankTotal(const std::vector<CellValue>& seq) {
  RowRead r;
  for (int k = 0; k < 6; ++k) r.values[k] = ValueOf(seq[k]);
  return r;
}

RowRead Merge(const std::string& key, const RowRead& a, const RowRead& b) {
  RowRead r;
  bool dropped = false;
  for (int k = 0; k < kCols; ++k) {
    if (a.values[k] == b.values[k]) {
      r.values[k] = a.values[k];
    } else {
      dropped = true;
    }
  }
  if (dropped) {
    r.shape = Shape(key, CheckStatus::kNotAssessable,
                    key + ": 6 values then a blank cell; whether 总计 is blank or a 法人或其他组织 "
                                   "column was lost cannot be told, so the cells the two readings disagree on are left blank");
  } else if (b.shape && b.shape->status == CheckStatus::kOk) {
    r.shape = b.shape;
  }
  return r;
}

RowRead ReadSequence(const Candidate& c, Policy policy) {
  const RowView& v = c.view;
  RowRead r;
  if (v.first_value < 0) return r;
  std::vector<CellValue> seq(v.cells.begin() + v.first_value, v.cells.begin() + v.last_value + 1);
  for (auto& cell : seq) {
    if (cell.kind == CellValue::Kind::kText) r.warnings.push_back("requests." + c.key + ": text where a number belongs");
  }
  bool trailing_blank = static_cast<std::size_t>(v.last_value + 1) < c.real_width;
  if (seq.size() == kCols) {
    for (int k = 0; k < kCols; ++k) r.values[k] = ValueOf(seq[k]);
    return r;
  }
  if (seq.size() == kCols - 1) {
    RowRead lost = ReadLostCell(c.key, seq);
    if (!trailing_blank || policy == Policy::kLostCell) return lost;
    RowRead blank = ReadBlankTotal(seq);
    if (policy == Policy::kBlankTotal) return blank;
    return Merge(c.key, blank, lost);
  }
  // Fewer values with room after them: the rest of the row is blank cells.
  if (seq.size() < kCols && static_cast<std::size_t>(v.first_value) + kCols <= c.real_width) {
    for (int k = 0; k < kCols; ++k) r.values[k] = ValueOf(v.cells[v.first_value + k]);
    return r;
  }
  r.shape = Shape(c.key, CheckStatus::kNotAssessable,
                  c.key + ": " + std::to_string(seq.size()) +
                      " cells for 7 columns; they cannot be placed, so the row is left blank");
  return r;
}

RowRead ReadRow(const Candidate& c, Policy policy) {
  if (policy == Policy::kPositional) {
    if (PositionallyClean(c)) return ReadPositional(c);
    return ReadSequence(c, Policy::kMerged);
  }
  return ReadSequence(c, policy);
}

RequestsTable ReadWith(const std::vector<Candidate>& cands, Policy policy) {
  RequestsTable t;
  for (const Candidate& c : cands) {
    RowRead r = ReadRow(c, policy);
    t.rows[c.key] = r.values;
    if (r.placements.size() > 1) t.unplaced[c.key] = r.placements;
    if (r.shape) t.shape.push_back(*r.shape);
    for (auto& w : r.warnings) t.warnings.push_back(w);
  }
  return t;
}

int FailedChecks(const RequestsTable& t, ReportFormat format) {
  int failed = 0;
  for (const CheckResult& r : CheckRequestRows(t.rows, format, /*details=*/false)) {
    failed += r.status == CheckStatus::kFailed;
  }
  return failed;
}

// Lost cells the rows alone could not place may be placed by the columns:
// every combination of the unplaced rows' placements is tried against the
// table's checks (R1, R3 per column), and the cells on which all consistent
// combinations agree are filled. Bounded: at most kMaxUnplaced rows (5^3 tries).
constexpr std::size_t kMaxUnplaced = 3;

void PlaceByColumns(RequestsTable& t, ReportFormat format) {
  if (t.unplaced.empty() || t.unplaced.size() > kMaxUnplaced) return;
  std::vector<std::pair<std::string, std::vector<RequestValues>>> rows(t.unplaced.begin(), t.unplaced.end());
  std::map<std::string, std::vector<RequestValues>> consistent;
  std::vector<std::size_t> pick(rows.size(), 0);
  RequestsTable trial = t;
  while (true) {
    for (std::size_t i = 0; i < rows.size(); ++i) trial.rows[rows[i].first] = rows[i].second[pick[i]];
    if (FailedChecks(trial, format) == 0) {
      for (std::size_t i = 0; i < rows.size(); ++i) consistent[rows[i].first].push_back(rows[i].second[pick[i]]);
    }
    std::size_t i = 0;
    while (i < rows.size() && ++pick[i] == rows[i].second.size()) pick[i++] = 0;
    if (i == rows.size()) break;
  }
  for (auto& [key, options] : consistent) {
    RequestValues v = Agree(options);
    t.rows[key] = v;
    for (CheckResult& c : t.shape) {
      if (c.scope != "requests." + key) continue;
      std::string blank = BlankColumns(v);
      c.status = blank.empty() ? CheckStatus::kOk : CheckStatus::kNotAssessable;
      c.detail += blank.empty() ? "; the column sums (一 + 二 = (七) + 四, (七) = Σ outcomes) place it"
                                : "; after the column sums, still blank: " + blank;
    }
  }
}

// The requests rows of all grids, by label, first occurrence kept.
std::vector<Candidate> CollectRows(const GridViews& views,
                                   const std::vector<std::optional<std::array<int, kCols>>>& positions,
                                   std::vector<std::string>& warnings) {
  std::vector<Candidate> cands;
  std::string previous;
  for (std::size_t gi = 0; gi < views.grids().size(); ++gi) {
    const GridView& view = views.grids()[gi];
    const Grid& g = *view.grid;
    for (std::size_t ri = 0; ri < g.height(); ++ri) {
      const auto& row = g.rows[ri];
      RowView v = view.rows[ri];
      std::size_t real = ri < g.source_widths.size() ? std::min<std::size_t>(g.source_widths[ri], row.size()) : row.size();
      std::string key = RequestRowKey(v.label, previous);
      if (key.empty() && v.first_value >= 0 && ri + 1 < g.height()) {
        // The label wraps onto the next row, which has no numbers.
        const RowView& next = view.rows[ri + 1];
        if (next.first_value < 0) key = RequestRowKey(v.label + next.label, previous);
      }
      if (key.empty()) {
        // The label's first line had no numbers and this continuation line
        // carries them ("5.要求行政机关确认或重新" / "出具已获取信息 1 …").
        bool pending = !cands.empty() && cands.back().grid == &g && cands.back().row_index + 1 == ri &&
                       cands.back().view.first_value < 0;
        if (pending && v.first_value >= 0) {
          cands.back().view = std::move(v);
          cands.back().real_width = real;
        }
        continue;
      }
      if (v.first_value < 0 && !HasBlankAfterLabel(row, view.labels[ri], real)) continue;
      previous = key;
      bool seen = std::any_of(cands.begin(), cands.end(), [&](const Candidate& c) { return c.key == key; });
      if (seen) {
        std::string w = "requests." + key + ": row appears more than once; the first one is kept";
        if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(std::move(w));
        continue;
      }
      cands.push_back({key, std::move(v), &positions[gi], real, &g, ri});
    }
  }
  return cands;
}

}  // namespace

// Which reading to trust is decided per table, not per row: the positional
// reading (cells under their header captions) is preferred, but converted
// tables misplace whole rows (seed 000's "(七) 总计" lines up 4 … 4 under
// 自然人 … 其他), so each reading is scored by the form's own arithmetic and the
// one with fewest failed checks wins; ties keep the earlier, more literal one.
RequestsTable ReadRequests(const GridViews& grids, ReportFormat format) {
  std::vector<std::optional<std::array<int, kCols>>> positions;
  positions.reserve(grids.grids().size());
  for (const GridView& g : grids.grids()) positions.push_back(HeaderPositions(g));
  std::vector<std::string> warnings;
  std::vector<Candidate> cands = CollectRows(grids, positions, warnings);

  bool any_positions = false;
  for (const auto& p : positions) any_positions = any_positions || p.has_value();
  std::vector<Policy> order;
  if (any_positions) order.push_back(Policy::kPositional);
  order.insert(order.end(), {Policy::kLostCell, Policy::kBlankTotal, Policy::kMerged});

  RequestsTable best;
  int best_failed = -1;
  for (Policy p : order) {
    if (best_failed == 0) break;  // nothing can beat a reading without failures
    RequestsTable t = ReadWith(cands, p);
    int failed = FailedChecks(t, format);
    if (best_failed < 0 || failed < best_failed) {
      best = std::move(t);
      best_failed = failed;
    }
  }
  PlaceByColumns(best, format);
  for (auto& w : warnings) best.warnings.push_back(w);
  return best;
}

}  // namespace nianbao::parser
