// annotations.hpp - the '@' settings dmxp-msgc reads in a field's trailing comment:
//
//   uint8[] data          # @capacity 25000000       elements of an unbounded array
//   string name           # @capacity 64             bytes of an unbounded string
//   string[] names        # @capacity 8 @string-capacity 32
//   float64[12] P         # @shape 3x4               Eigen matrix shape (row-major)
//
// Other words after '@' are ordinary comment text (docs often mention @param and the like).
#pragma once

#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "tokenizer.hpp"

namespace dmxp::msgc {

struct AnnotationScan {
  std::vector<SourceLoc> found;  // each known '@word' in the comment
};

// Where the comment mentions a known annotation (to reject them on lines of their own).
AnnotationScan scan_annotations(const std::shared_ptr<const SourceFile>& file, const Token& comment);

// Reads the known annotations of a trailing comment into out; malformed ones are reported.
void parse_annotations(const std::shared_ptr<const SourceFile>& file, const Token& comment,
                       ast::Annotations& out, Diagnostics& diags);

}  // namespace dmxp::msgc
