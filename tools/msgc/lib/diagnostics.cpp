#include "diagnostics.hpp"

#include <algorithm>
#include <tuple>

#include "dmxp/tools/caret.hpp"

namespace dmxp::msgc {

void Diagnostics::error(const SourceLoc& loc, std::string message) {
  list_.push_back({Severity::Error, loc, loc.file ? loc.file->path() : "", std::move(message)});
  ++errors_;
}

void Diagnostics::error(std::string path, std::string message) {
  list_.push_back({Severity::Error, {}, std::move(path), std::move(message)});
  ++errors_;
}

void Diagnostics::note(const SourceLoc& loc, std::string message) {
  list_.push_back({Severity::Note, loc, loc.file ? loc.file->path() : "", std::move(message)});
}

std::string Diagnostics::format(const Diagnostic& d) {
  tools::CaretDiagnostic c;
  c.path = d.path;
  c.severity = d.severity == Severity::Error ? "error" : "note";
  c.message = d.message;
  if (d.loc.file) {
    c.line = d.loc.line;
    c.col = d.loc.col;
    c.length = d.loc.length;
    c.source = d.loc.file->line(d.loc.line);
  }
  return tools::format_caret(c);
}

std::string Diagnostics::format() const {
  // Stages report in their own order (syntax first, then names, then types); a reader wants
  // each file's errors by line. An error and the notes after it move together.
  struct Unit {
    size_t file_rank;
    uint32_t line, col;
    size_t first, last;  // [first, last) in list_
  };
  std::vector<std::string> files;
  std::vector<Unit> units;
  for (size_t i = 0; i < list_.size(); ++i) {
    if (list_[i].severity == Severity::Note && !units.empty()) {
      units.back().last = i + 1;
      continue;
    }
    const std::string& path = list_[i].path;
    size_t rank = std::find(files.begin(), files.end(), path) - files.begin();
    if (rank == files.size()) files.push_back(path);
    units.push_back({rank, list_[i].loc.line, list_[i].loc.col, i, i + 1});
  }
  std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
    return std::tie(a.file_rank, a.line, a.col) < std::tie(b.file_rank, b.line, b.col);
  });
  std::string out;
  for (const Unit& u : units)
    for (size_t i = u.first; i < u.last; ++i) out += format(list_[i]);
  return out;
}

}  // namespace dmxp::msgc
