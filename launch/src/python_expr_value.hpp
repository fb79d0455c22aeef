// python_expr_value.hpp - the values of the `$(eval ...)` subset as Python sees them (type
// names, truth, equality, str()) and the names an expression may use (math and builtins).
// Internal to python_expr*.cpp.
#pragma once

#include <string>
#include <vector>

#include "python_expr_ast.hpp"

namespace dmxp::launch::py {

std::string type_name(const Value& v);  // Python's: NoneType, bool, int, float, str
bool is_number(const Value& v);         // bool, int or float
bool is_int(const Value& v);            // bool or int (a bool is an int in Python)
int64_t as_int(const Value& v);
double as_float(const Value& v);
bool truthy(const Value& v);
bool equal(const Value& a, const Value& b);  // Python's ==
std::string float_repr(double d);            // repr(float): 1.0, 1e+16, 1e-05, inf, nan
std::string to_str(const Value& v);          // str()

// python_expr_functions.cpp: a bare name (pi, e, tau, inf, nan), math.<name>, and a call.
Value name_value(const std::string& name, size_t at);
Value attribute_value(const Node& attr);
Value call(const Node& callee, const std::vector<Value>& args, size_t at);

}  // namespace dmxp::launch::py
