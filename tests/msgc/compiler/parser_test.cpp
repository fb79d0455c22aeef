// The parser: the AST of each declaration form, docs, annotations, ROS 1 string constants.
#include <gtest/gtest.h>

#include "parser.hpp"

using namespace dmxp::msgc;

namespace {

struct Parsed {
  ast::MessageDecl decl;
  Diagnostics diags;
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  p->decl = parse_message(std::make_shared<SourceFile>("r/p/msg/T.msg", text), "p", "T", p->diags);
  return p;
}

}  // namespace

TEST(Parser, TypeForms) {
  auto p = parse(
      "int32 a\n"
      "geometry_msgs/Point b\n"
      "string<=8 c\n"
      "float64[9] d\n"
      "uint8[<=16] e\n"
      "uint8[] f\n"
      "string<=4[<=3] g\n");
  ASSERT_EQ(p->diags.format(), "");
  const auto& f = p->decl.fields;
  ASSERT_EQ(f.size(), 7u);
  EXPECT_EQ(f[0].type.name, "int32");
  EXPECT_EQ(f[0].type.array, ast::ArraySuffix::None);
  EXPECT_EQ(f[1].type.package, "geometry_msgs");
  EXPECT_EQ(f[1].type.name, "Point");
  EXPECT_EQ(f[2].type.string_bound, 8u);
  EXPECT_EQ(f[3].type.array, ast::ArraySuffix::Fixed);
  EXPECT_EQ(f[3].type.array_size, 9u);
  EXPECT_EQ(f[4].type.array, ast::ArraySuffix::Bounded);
  EXPECT_EQ(f[4].type.array_size, 16u);
  EXPECT_EQ(f[5].type.array, ast::ArraySuffix::Unbounded);
  EXPECT_EQ(f[6].type.string_bound, 4u);
  EXPECT_EQ(f[6].type.array, ast::ArraySuffix::Bounded);
  EXPECT_EQ(f[6].name, "g");
  EXPECT_EQ(f[6].type.loc.col, 1u);
  EXPECT_EQ(f[6].type.loc.length, 14u);  // the whole "string<=4[<=3]"
  EXPECT_EQ(f[6].name_loc.col, 16u);
}

TEST(Parser, ConstantsAndDefaults) {
  auto p = parse(
      "int32 X=123\n"
      "int8 NEG = -1\n"
      "string S=\"quoted # not a comment\"  # a comment\n"
      "uint8 x 42\n"
      "float32[] v [1.5, -2, 3e2]\n"
      "string name \"Bob\"\n"
      "bool flag true\n");
  ASSERT_EQ(p->diags.format(), "");
  ASSERT_EQ(p->decl.constants.size(), 3u);
  EXPECT_EQ(p->decl.constants[0].name, "X");
  EXPECT_EQ(p->decl.constants[0].value.items[0].text, "123");
  EXPECT_EQ(p->decl.constants[1].value.items[0].text, "-1");
  EXPECT_EQ(p->decl.constants[2].value.items[0].text, "quoted # not a comment");
  EXPECT_EQ(p->decl.constants[2].doc, "a comment");
  ASSERT_EQ(p->decl.fields.size(), 4u);
  EXPECT_EQ(p->decl.fields[0].default_value->items[0].text, "42");
  EXPECT_TRUE(p->decl.fields[1].default_value->is_list);
  EXPECT_EQ(p->decl.fields[1].default_value->items.size(), 3u);
  EXPECT_EQ(p->decl.fields[2].default_value->items[0].text, "Bob");
  EXPECT_EQ(p->decl.fields[3].default_value->items[0].text, "true");
}

TEST(Parser, Ros1UnquotedStringConstantIsTheRestOfTheLine) {
  auto p = parse("string GREETING=hello # world  \n");
  ASSERT_EQ(p->diags.format(), "");
  EXPECT_EQ(p->decl.constants[0].value.items[0].text, "hello # world");
}

TEST(Parser, DocsAndAnnotations) {
  auto p = parse(
      "# The message.\n"
      "# Second line.\n"
      "\n"
      "# About a.\n"
      "uint8[] a  # trailing @capacity 100\n"
      "string[] b  # @capacity 3 @string-capacity 7\n"
      "float64[12] p  # @shape 3x4\n");
  ASSERT_EQ(p->diags.format(), "");
  EXPECT_EQ(p->decl.doc, "The message.\nSecond line.");
  const auto& f = p->decl.fields;
  EXPECT_EQ(f[0].doc, "About a.\ntrailing @capacity 100");
  EXPECT_EQ(f[0].annotations.capacity, 100u);
  EXPECT_EQ(f[1].annotations.capacity, 3u);
  EXPECT_EQ(f[1].annotations.string_capacity, 7u);
  ASSERT_TRUE(f[2].annotations.shape);
  EXPECT_EQ(f[2].annotations.shape->first, 3u);
  EXPECT_EQ(f[2].annotations.shape->second, 4u);
}

TEST(Parser, OtherAtWordsInCommentsAreText) {
  auto p = parse("int32 x  # see @param and email a@b.c\n");
  EXPECT_EQ(p->diags.format(), "");
}

TEST(Parser, CrlfAndNoFinalNewline) {
  auto p = parse("int32 a\r\nint32 b  # doc\r\nint32 c");
  ASSERT_EQ(p->diags.format(), "");
  ASSERT_EQ(p->decl.fields.size(), 3u);
  EXPECT_EQ(p->decl.fields[1].doc, "doc");
}

TEST(Parser, KeepsGoodLinesAfterBadOnes) {
  auto p = parse("int32 a\nint32[ b\nint32 c\n");
  EXPECT_EQ(p->diags.error_count(), 1u);
  ASSERT_EQ(p->decl.fields.size(), 2u);
  EXPECT_EQ(p->decl.fields[1].name, "c");
}
