// The $(eval ...) subset (launch/src/python_expr.hpp) against real Python: every expression
// of the table is evaluated by python3 exactly as ROS 2's PythonExpression does
// (eval(expr, {}, math's names and math)) and str() of its value must equal ours, byte for
// byte. Expressions Python rejects at run time must be errors here too, with Python's
// message; constructs outside the subset are errors that name the construct and the subset.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "python_expr.hpp"

namespace dmxp::launch {
namespace {

const char* const kValueTable[] = {
    "1 + 2", "7 / 2", "7 // 2", "-7 // 2", "7 % -3", "-7 % 3", "7.5 // 2", "-7.5 % 2", "10 // 0.3",
    "2 ** 10", "2 ** -1", "2 ** 0.5", "(-8) ** 2", "-2 ** 2", "2 ** 3 ** 2", "-3 ** 2", "10 / 4 * 2",
    "3 * 1.1", "100 ** 0.5", "0.1 + 0.2", "1/3", "1e16", "1e15", "1.5e16", "12345678901234567.0",
    "0.00001", "0.0001", "1e-7", "2.5e-3", "123456789.123", "-0.0", "1e300 * 1e10", ".5", "5.",
    "0x1f + 0o17 + 0b101", "1_000_000", "True + True", "True", "None", "not 0", "not 1 == 2",
    "1 < 2 < 3", "3 > 2 > 2", "1 < 2 == 2", "1 == 1.0", "9007199254740993 == 9007199254740992.0",
    "'a' == 'a'", "'1' == 1", "None == None", "'ab' in 'cabd'", "'x' not in 'abc'", "'a' < 'b'",
    "'abc' >= 'abd'", "0 or 'x'", "'' and 1", "1 and 2", "None or 0", "'yes' if 1 > 2 else 'no'",
    "1 if 'a' in 'abc' and not False else 2", "(1 + 2) * 3", "'a' + 'b' * 3", "3 * 'ab'",
    "'ab' 'cd'", "\"it's\"", "'a\\tb'", "'true' == 'true' and 2 > 1", "math.pi", "pi", "e", "tau",
    "math.inf", "-math.inf", "math.nan", "math.sqrt(2)", "sqrt(16)", "math.floor(-2.5)",
    "math.ceil(2.1)", "math.trunc(-2.7)", "floor(3)", "round(2.5)", "round(3.5)", "round(-0.5)",
    "round(2.675, 2)", "round(1.5, 0)", "round(7, 2)", "abs(-3)", "abs(-2.5)", "abs(True)",
    "min(3, 1.5, 2)", "max('a', 'b')", "max(1, 1.0)", "int('42')", "int(' -7 ')", "int('1_000')",
    "int(3.9)", "int(-3.9)", "int(True)", "float('1e3')", "float(' 2.5 ')", "float('-inf')",
    "float('nan')", "float(3)", "str(1.0)", "str(True) + 'x'", "str(None)", "bool('')",
    "bool('0')", "len('hello')", "math.log(100, 10)", "log(8, 2)", "math.log(math.e)",
    "math.exp(1)", "math.atan2(1, 1)", "math.degrees(math.pi)", "math.radians(180)",
    "math.hypot(3, 4)", "math.fmod(-7, 3)", "math.factorial(10)", "math.gcd(12, 18)",
    "math.isclose(0.1 + 0.2, 0.3)", "math.copysign(1, -0.0)", "math.pow(2, 10)", "math.sin(0)",
    "math.cos(math.pi)", "math.log10(1000)", "math.log2(1024)", "math.isnan(math.nan)",
    "math.isinf(-inf)", "math.isfinite(1e308)", "math.asin(1)", "math.tanh(0.5)", "cbrt(27)",
    "exp2(10)", "math.expm1(1e-10)", "2.0 * 3", "8 / 2", "1e308 * 10 > 1e308", "-(-3)", "+True",
    "4 % 2.5", "-4 // 2.5", "0.1 * 3 == 0.3", "1/3 * 3 == 1",
};

// What python3 prints for each expression: str() of its value, hex-encoded (a value may
// hold a tab or a newline), one line each.
std::vector<std::string> python_values(const std::vector<std::string>& exprs) {
  std::string dir = ::testing::TempDir();
  std::string in = dir + "/python_expr_in_" + std::to_string(getpid());
  {
    std::ofstream f(in);
    for (const auto& e : exprs) f << e << "\n";
  }
  std::string cmd =
      "python3 -c \"import math,sys\n"
      "for line in open(sys.argv[1]):\n"
      "    print(str(eval(line.rstrip('\\n'), {}, {**vars(math), 'math': math})).encode().hex())\" " + in;
  std::vector<std::string> out;
  FILE* p = popen(cmd.c_str(), "r");
  EXPECT_NE(p, nullptr);
  char buf[4096];
  while (p && std::fgets(buf, sizeof buf, p)) {
    std::string hex(buf);
    while (!hex.empty() && hex.back() == '\n') hex.pop_back();
    std::string text;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) text += char(std::stoi(hex.substr(i, 2), nullptr, 16));
    out.push_back(text);
  }
  if (p) {
    EXPECT_EQ(pclose(p), 0);
  }
  std::remove(in.c_str());
  return out;
}

TEST(PythonExprTest, ValuesAreStrOfWhatPythonComputes) {
  std::vector<std::string> exprs(std::begin(kValueTable), std::end(kValueTable));
  std::vector<std::string> expected = python_values(exprs);
  ASSERT_EQ(expected.size(), exprs.size()) << "python3 could not evaluate the table";
  for (size_t i = 0; i < exprs.size(); ++i) {
    auto r = eval_python_expression(exprs[i]);
    ASSERT_TRUE(std::holds_alternative<std::string>(r))
        << exprs[i] << ": " << std::get<PyExprError>(r).message;
    EXPECT_EQ(std::get<std::string>(r), expected[i]) << exprs[i];
  }
}

std::string error_of(const std::string& expr, size_t* offset = nullptr) {
  auto r = eval_python_expression(expr);
  if (!std::holds_alternative<PyExprError>(r)) return "no error, value " + std::get<std::string>(r);
  if (offset) *offset = std::get<PyExprError>(r).offset;
  return std::get<PyExprError>(r).message;
}

// Python raises these at run time; so do we, with Python's message.
TEST(PythonExprTest, PythonsRunTimeErrorsAreErrors) {
  struct Case {
    const char* expr;
    const char* message;
    size_t offset;
  } cases[] = {
      {"1 / 0", "division by zero", 2},
      {"1 // 0", "integer division or modulo by zero", 2},
      {"1.5 % 0", "float modulo", 4},
      {"'a' + 1", "unsupported operand type(s) for +: 'str' and 'int'", 4},
      {"'a' < 1", "'<' not supported between instances of 'str' and 'int'", 6},
      {"1 in 'abc'", "'in <string>' requires string as left operand, not int", 5},
      {"math.sqrt(-1)", "math domain error", 9},
      {"log(0)", "math domain error", 3},
      {"undefined_name + 1", "name 'undefined_name' is not defined", 0},
      {"int('x1')", "invalid literal for int() with base 10: 'x1'", 3},
      {"float('1e')", "could not convert string to float: '1e'", 5},
      {"0 ** -1", "0.0 cannot be raised to a negative power", 2},
      {"math.factorial(-1)", "factorial() not defined for negative values", 14},
      {"-'a'", "bad operand type for unary -: 'str'", 0},
      {"len(3)", "object of type 'int' has no len()", 3},
      {"math.floor(math.inf)", "cannot convert float infinity to integer", 10},
      {"sqrt(1, 2)", "sqrt() takes exactly 1 argument (2 given)", 4},
  };
  std::vector<std::string> exprs;
  for (const auto& c : cases) {
    size_t offset = 99;
    EXPECT_EQ(error_of(c.expr, &offset), c.message) << c.expr;
    EXPECT_EQ(offset, c.offset) << c.expr;
    exprs.push_back(std::string("print(1) if 0 else ") + c.expr);
  }
  // python3 itself fails on each (its exit status; a value printed would mean it did not).
  for (const auto& e : exprs) {
    std::string cmd = "python3 -c \"import math; eval(\\\"" + e + "\\\", {}, {**vars(math), 'math': math})\" 2>/dev/null";
    EXPECT_NE(std::system(cmd.c_str()), 0) << "python3 evaluates " << e;
  }
}

// Outside the subset: an error naming the construct, and the subset.
TEST(PythonExprTest, ConstructsOutsideTheSubsetAreNamed) {
  struct Case {
    const char* expr;
    const char* what;
    size_t offset;
  } cases[] = {
      {"[1, 2]", "a list or subscript ('[') is not supported", 0},
      {"'abc'[0]", "a subscript ('[') is not supported", 5},
      {"{1: 2}", "a dict or set ('{') is not supported", 0},
      {"lambda: 1", "'lambda' is not supported", 0},
      {"f'{x}'", "a prefixed string literal (f'...') is not supported", 0},
      {"1 & 2", "the bitwise operator '&' is not supported", 2},
      {"x = 1", "an assignment ('=') is not supported", 2},
      {"1 is None", "'is' (compare values with == and !=) is not supported", 2},
      {"os.getcwd()", "attribute access other than math.<name> is not supported", 2},
      {"(-8) ** 0.5", "a complex result (a negative number to a fractional power) is not supported", 5},
      {"1j", "a complex number is not supported", 0},
      {"min('abc')", "min() of one argument (an iterable) is not supported", 3},
      {"round(1234.5, -2)", "round() with a negative number of digits is not supported", 5},
      {"1, 2", "a tuple (',') is not supported", 1},
      {"sqrt", "'sqrt' as a value (call it, or use math.<name>) is not supported", 0},
  };
  for (const auto& c : cases) {
    size_t offset = 99;
    EXPECT_EQ(error_of(c.expr, &offset), std::string(c.what) + "; " + kPythonSubset) << c.expr;
    EXPECT_EQ(offset, c.offset) << c.expr;
  }
  EXPECT_EQ(error_of("math.foo(1)").rfind("math.foo (the math names supported are: pi, e, tau, inf, nan, acos, ", 0), 0u);
  EXPECT_EQ(error_of("2 ** 64"), "integer result out of the supported range (64-bit)");
  EXPECT_EQ(error_of("(1 + 2"), "invalid syntax: '(' was never closed");
  EXPECT_EQ(error_of("1 +"), "invalid syntax: the expression ends too early");
  EXPECT_EQ(error_of("1 2"), "invalid syntax: unexpected a number");
  EXPECT_EQ(error_of("'abc"), "unterminated string literal");
  // Bounded recursion: hostile nesting and length are errors, not a stack overflow.
  EXPECT_EQ(error_of(std::string(150, '(') + "1" + std::string(150, ')')), "the expression is nested too deeply");
  EXPECT_EQ(error_of(std::string(400, '-') + "1"), "the expression is nested too deeply");
  EXPECT_EQ(error_of("1" + std::string(1000, '+')), "the expression is too long (more than 1000 tokens)");
  EXPECT_EQ(std::get<std::string>(eval_python_expression(std::string(60, '(') + "1" + std::string(60, ')'))), "1");
}

}  // namespace
}  // namespace dmxp::launch
