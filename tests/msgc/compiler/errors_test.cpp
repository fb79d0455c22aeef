// Every class of bad input gives `file:line:col: error: what, expected what`, the source line
// and a caret under the offending text, several errors per run, and a failed compilation;
// never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compile_helpers.hpp"

using namespace msgc_test;
using ::testing::HasSubstr;

namespace {

// The diagnostics of compiling one type "p/T" with the given text.
std::string errors_of(const std::string& text, dmxp::msgc::CapacityDefaults d = {}) {
  auto run = Sources().add("p/T", text).compile({"p/T"}, d);
  EXPECT_EQ(run->result.failed, 1u) << "expected the compilation to fail";
  return run->errors();
}

}  // namespace

TEST(Errors, SyntaxErrorHasPlaceLineAndCaret) {
  EXPECT_EQ(errors_of("int32 a\nint32[ b\n"),
            "r/p/msg/T.msg:2:8: error: unexpected 'b', expected an array size ('T[N]'), '<=N' or ']'\n"
            "int32[ b\n"
            "       ^\n");
}

TEST(Errors, SyntaxErrorsOfSeveralLinesAreAllReported) {
  std::string e = errors_of("int32\nfloat64 x y z\nuint8[3 q\nstring<=x s\n---\n");
  EXPECT_EQ(e,
            "r/p/msg/T.msg:1:6: error: unexpected end of line, expected a field or constant name after the type\n"
            "int32\n"
            "     ^\n"
            "r/p/msg/T.msg:2:13: error: unexpected 'z', expected a comment or end of line after the default value\n"
            "float64 x y z\n"
            "            ^\n"
            "r/p/msg/T.msg:3:9: error: unexpected 'q', expected ']'\n"
            "uint8[3 q\n"
            "        ^\n"
            "r/p/msg/T.msg:4:9: error: unexpected 'x', expected a string bound (string<=N)\n"
            "string<=x s\n"
            "        ^\n"
            "r/p/msg/T.msg:5:1: error: '---' separates the parts of a service or action, expected a single message in a .msg file\n"
            "---\n"
            "^~~\n");
}

TEST(Errors, CaretUnderlinesTheWholeTokenAndKeepsTabs) {
  EXPECT_EQ(errors_of("\tint32 x \"unterminated\n"),
            "r/p/msg/T.msg:1:10: error: unterminated string, expected a closing \" on the same line\n"
            "\tint32 x \"unterminated\n"
            "\t        ^~~~~~~~~~~~~\n");
}

TEST(Errors, UnknownTypeSaysWhereItLooked) {
  EXPECT_EQ(errors_of("Pointt p\n"),
            "r/p/msg/T.msg:1:1: error: unknown type 'Pointt', expected a primitive (bool byte char "
            "int8..int64 uint8..uint64 float32 float64 string time duration) or a message type; "
            "looked for p/msg/Pointt.msg under: r\n"
            "Pointt p\n"
            "^~~~~~\n");
  EXPECT_THAT(errors_of("geometry_msgs/Pont p\n"), HasSubstr("unknown type 'geometry_msgs/Pont'"));
}

TEST(Errors, DuplicateNamesPointAtBothDeclarations) {
  EXPECT_EQ(errors_of("int32 x\nint32 X=1\nfloat64 x\n"),
            "r/p/msg/T.msg:3:9: error: duplicate field name 'x', expected each field and constant name once per message\n"
            "float64 x\n"
            "        ^\n"
            "r/p/msg/T.msg:1:7: note: 'x' first declared here\n"
            "int32 x\n"
            "      ^\n");
  EXPECT_THAT(errors_of("int32 A=1\nint32 A\n"), HasSubstr("2:7: error: duplicate field name 'A'"));
}

TEST(Errors, RecursiveTypesNameTheCycle) {
  auto run = Sources()
                 .add("p/A", "p/B b\n")
                 .add("p/B", "int32 x\nA a\n")
                 .compile({"p/A"});
  EXPECT_EQ(run->errors(),
            "r/p/msg/B.msg:2:1: error: recursive type: p/A -> p/B -> p/A, expected no cycle (a "
            "fixed-layout message cannot contain itself)\n"
            "A a\n"
            "^\n");
  EXPECT_THAT(errors_of("T[<=2] children\n"), HasSubstr("recursive type: p/T -> p/T"));
}

TEST(Errors, InvalidConstants) {
  EXPECT_EQ(errors_of("uint8 A=256\nint8 B=-129\nfloat32 C=1e39\nbool D=yes\nint32 E=1.5\nint32 F=\"x\"\n"
                      "int32 G=99999999999999999999\nint32[2] H=1\nuint32 I=-1\n"),
            "r/p/msg/T.msg:1:9: error: 256 is out of range for uint8, expected 0..255\n"
            "uint8 A=256\n"
            "        ^~~\n"
            "r/p/msg/T.msg:2:8: error: -129 is out of range for int8, expected -128..127\n"
            "int8 B=-129\n"
            "       ^~~~\n"
            "r/p/msg/T.msg:3:11: error: 1e39 is out of range for float32, expected a finite number of magnitude at most 3.4e38\n"
            "float32 C=1e39\n"
            "          ^~~~\n"
            "r/p/msg/T.msg:4:8: error: invalid value 'yes' for bool, expected true, false, 1 or 0\n"
            "bool D=yes\n"
            "       ^~~\n"
            "r/p/msg/T.msg:5:9: error: invalid value '1.5' for int32, expected an integer in -2147483648..2147483647\n"
            "int32 E=1.5\n"
            "        ^~~\n"
            "r/p/msg/T.msg:6:9: error: invalid value 'x' for int32, expected a number, not a quoted string\n"
            "int32 F=\"x\"\n"
            "        ^~~\n"
            "r/p/msg/T.msg:7:9: error: invalid value '99999999999999999999' for int32, expected an integer in -2147483648..2147483647\n"
            "int32 G=99999999999999999999\n"
            "        ^~~~~~~~~~~~~~~~~~~~\n"
            "r/p/msg/T.msg:8:1: error: constant 'H' of type 'int32[2]', expected a constant of a primitive type or string (no arrays, no messages)\n"
            "int32[2] H=1\n"
            "^~~~~~~~\n"
            "r/p/msg/T.msg:9:10: error: -1 is out of range for uint32, expected 0..4294967295\n"
            "uint32 I=-1\n"
            "         ^~\n");
}

TEST(Errors, InvalidDefaults) {
  std::string e = errors_of("uint8 a 300\nint32[2] b [1]\nint32[<=1] c [1, 2]\nint32 d [1]\nint32[2] e 1\n"
                            "string<=2 f \"abc\"\np/U g 1\n");
  EXPECT_THAT(e, HasSubstr("1:9: error: 300 is out of range for uint8"));
  EXPECT_THAT(e, HasSubstr("2:12: error: 1 default values for 'b', expected exactly 2 (its size)"));
  EXPECT_THAT(e, HasSubstr("3:14: error: 2 default values for 'c', expected at most 1 (its capacity)"));
  EXPECT_THAT(e, HasSubstr("4:9: error: a list as default of 'd', expected a single value"));
  EXPECT_THAT(e, HasSubstr("5:12: error: a single value as default of array 'e', expected a list"));
  EXPECT_THAT(e, HasSubstr("6:13: error: string value of 3 bytes exceeds the capacity of 2"));
  EXPECT_THAT(e, HasSubstr("7:1: error: unknown type 'p/U'"));
}

TEST(Errors, KeywordsOfGeneratedLanguages) {
  EXPECT_EQ(errors_of("int32 class\nfloat64 lambda\nint32 new\nint32 NONE=1\nint32 None=2\nint32 kFingerprint\nint32 T\n"),
            "r/p/msg/T.msg:1:7: error: field name 'class' is a keyword in C++ and Python, expected a name every generated language accepts\n"
            "int32 class\n"
            "      ^~~~~\n"
            "r/p/msg/T.msg:2:9: error: field name 'lambda' is a keyword in Python, expected a name every generated language accepts\n"
            "float64 lambda\n"
            "        ^~~~~~\n"
            "r/p/msg/T.msg:3:7: error: field name 'new' is a keyword in C++, expected a name every generated language accepts\n"
            "int32 new\n"
            "      ^~~\n"
            "r/p/msg/T.msg:5:7: error: constant name 'None' is a keyword in Python, expected a name every generated language accepts\n"
            "int32 None=2\n"
            "      ^~~~\n"
            "r/p/msg/T.msg:6:7: error: field name 'kFingerprint' is reserved for generated code, expected another name\n"
            "int32 kFingerprint\n"
            "      ^~~~~~~~~~~~\n"
            "r/p/msg/T.msg:7:7: error: field name 'T' is the message's own name (C++ forbids it), expected another name\n"
            "int32 T\n"
            "      ^\n");
  EXPECT_THAT(errors_of("int32 _x\n"), HasSubstr("1:7: error: invalid field name '_x', expected a letter followed by letters, digits or '_'"));
}

TEST(Errors, CapacitiesThatOverflow) {
  std::string e = errors_of(
      "uint8[] a  # @capacity 5000000000\n"
      "float64[200000000] b\n"
      "string<=2000000000 c\n"
      "uint8[0] d\n"
      "uint8[99999999999999999999] e\n");
  EXPECT_THAT(e, HasSubstr("1:1: error: capacity 5000000000 of field 'a' exceeds 4294967295, expected a smaller capacity"));
  EXPECT_THAT(e, HasSubstr("2:1: error: field 'b' is too large: 200000000 x 8 bytes exceed the 1 GiB message limit, expected a smaller capacity"));
  EXPECT_THAT(e, HasSubstr("3:1: error: string capacity 2000000000 of field 'c' exceeds the 1 GiB message limit"));
  EXPECT_THAT(e, HasSubstr("4:1: error: array size of field 'd' is 0, expected at least 1"));
  EXPECT_THAT(e, HasSubstr("5:7: error: '99999999999999999999' is not a valid integer (too large or bad digits), expected an array size"));
  // Fields that fit alone but not together.
  EXPECT_THAT(errors_of("uint8[600000000] a\nuint8[600000000] b\n"),
              HasSubstr("2:1: error: message p/T outgrows the 1 GiB message limit here, expected smaller capacities"));
}

TEST(Errors, MissingCapacityNamesTheFieldAndEveryWayToGiveIt) {
  EXPECT_EQ(errors_of("uint8[] data\n"),
            "r/p/msg/T.msg:1:1: error: field 'data' of type 'uint8[]' has no capacity, expected '# "
            "@capacity N' in its trailing comment, default_capacity in r/p/dmxp_package.yaml, or "
            "--default-capacity N\n"
            "uint8[] data\n"
            "^~~~~~~\n");
  EXPECT_THAT(errors_of("string name\n"),
              HasSubstr("error: field 'name' of type 'string' has no string capacity, expected '# @capacity N'"));
  EXPECT_THAT(errors_of("string[3] names\n"),
              HasSubstr("has no string capacity, expected '# @string-capacity N'"));
}

TEST(Errors, MisplacedAnnotations) {
  std::string e = errors_of(
      "uint8[4] a  # @capacity 8\n"
      "int32 b  # @capacity 8\n"
      "float32[] c  # @capacity 2 @string-capacity 3\n"
      "float64[6] d  # @shape 2x2\n"
      "int32[4] e  # @shape 2x2\n"
      "# @capacity 3\n"
      "uint8[] f  # @capacity lots\n");
  EXPECT_THAT(e, HasSubstr("1:15: error: '@capacity' does not apply to 'uint8[4] a', expected it only on unbounded arrays (T[]); this one has its size"));
  EXPECT_THAT(e, HasSubstr("2:12: error: '@capacity' does not apply to 'int32 b', expected it only on unbounded arrays (T[]) and strings"));
  EXPECT_THAT(e, HasSubstr("3:28: error: '@string-capacity' does not apply to 'float32[] c', expected it only on arrays of strings"));
  EXPECT_THAT(e, HasSubstr("4:17: error: '@shape 2x2' has 4 elements, expected 6 (the array size)"));
  EXPECT_THAT(e, HasSubstr("5:15: error: '@shape' does not apply to 'int32[4] e', expected it only on fixed arrays of float32 or float64"));
  EXPECT_THAT(e, HasSubstr("6:3: error: annotation on a comment line of its own"));
  EXPECT_THAT(e, HasSubstr("7:24: error: bad '@capacity' value 'lots', expected a non-negative integer"));
}

TEST(Errors, ErrorsOfANestedTypeAreReportedInItsOwnFile) {
  auto run = Sources().add("p/A", "p/B b\nint32 ok\n").add("p/B", "int32 x\nuint8 x\n").compile({"p/A"});
  EXPECT_EQ(run->result.failed, 1u);
  EXPECT_THAT(run->errors(), HasSubstr("r/p/msg/B.msg:2:7: error: duplicate field name 'x'"));
  EXPECT_EQ(run->diags.error_count(), 1u);  // and once only, not again for A
}

TEST(Errors, BadPackageDefaults) {
  auto run = Sources()
                 .add("p/T", "uint8[] a\n")
                 .add_file("p/dmxp_package.yaml", "default_capacity: many\ncolour: blue\n")
                 .compile({"p/T"});
  EXPECT_EQ(run->errors(),
            "r/p/dmxp_package.yaml:1:19: error: bad value 'many' for default_capacity, expected a positive integer\n"
            "default_capacity: many\n"
            "                  ^~~~\n"
            "r/p/dmxp_package.yaml:2:1: error: unknown key 'colour', expected default_capacity or default_string_capacity\n"
            "colour: blue\n"
            "^~~~~~\n");
}

TEST(Errors, BadPathsAndUnreadableFiles) {
  auto run = Sources().add("p/T", "int32 x\n").compile({"p/Missing"});
  EXPECT_EQ(run->errors(), "r/p/msg/Missing.msg: error: cannot read the file, expected an existing readable .msg file\n");
  dmxp::msgc::MemoryFiles files;
  dmxp::msgc::Diagnostics diags;
  dmxp::msgc::Compilation c(files, diags);
  auto r = c.run({{"Loose.msg", "x/bad-pkg/msg/T.msg"}, {}, "", {}, {}});
  EXPECT_EQ(r.failed, 2u);
  EXPECT_THAT(diags.format(), HasSubstr("Loose.msg: error: cannot tell the package: the file is not in a folder named msg"));
  EXPECT_THAT(diags.format(), HasSubstr("x/bad-pkg/msg/T.msg: error: package name 'bad-pkg' (the folder above msg/) is invalid"));
}

TEST(Errors, GarbageNeverCrashes) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += char((i * 7919) % 256);
  auto run = Sources().add("p/T", garbage).compile({"p/T"});
  EXPECT_EQ(run->result.failed, 1u);
  EXPECT_TRUE(run->diags.has_errors());
}
