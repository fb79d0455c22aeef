// values.hpp - constant and default values checked against their type, and their text.
//   int8 X=200       -> error: 200 is out of range for int8, expected -128..127
//   float32 Y=1e50   -> error: out of range for float32
//   bool Z=1         -> true
#pragma once

#include <optional>
#include <string>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "model.hpp"

namespace dmxp::msgc {

// lit as a value of element type e (a primitive or a string); errors are reported at lit.
std::optional<model::Value> evaluate(const ast::Literal& lit, const model::Element& e,
                                     Diagnostics& diags);

// A number or bool as plain text: decimal integers, floats with enough digits to read back
// exactly and always a '.' or an exponent ("1.0", "2.5e-07"), true/false. Valid C++ (before
// any suffix), Python (after capitalizing booleans) and JSON.
std::string number_text(const model::Value& v);

}  // namespace dmxp::msgc
