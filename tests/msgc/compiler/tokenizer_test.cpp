// The tokenizer: kinds, text, places and the space-before flag the parser relies on.
#include <gtest/gtest.h>

#include "tokenizer.hpp"

using namespace dmxp::msgc;

namespace {

std::vector<Token> toks(const std::string& text) {
  static std::vector<std::unique_ptr<SourceFile>> keep;  // tokens view into the text
  keep.push_back(std::make_unique<SourceFile>("t.msg", text));
  return tokenize(*keep.back());
}

std::vector<Tok> kinds(const std::vector<Token>& ts) {
  std::vector<Tok> out;
  for (const Token& t : ts) out.push_back(t.kind);
  return out;
}

}  // namespace

TEST(Tokenizer, FieldWithBoundedArrayAndComment) {
  auto ts = toks("uint8[<=16] data   # @capacity 16\n");
  EXPECT_EQ(kinds(ts), (std::vector<Tok>{Tok::Ident, Tok::LBracket, Tok::LessEq, Tok::Integer,
                                         Tok::RBracket, Tok::Ident, Tok::Comment, Tok::Newline,
                                         Tok::End}));
  EXPECT_EQ(ts[0].text, "uint8");
  EXPECT_FALSE(ts[1].space_before);
  EXPECT_TRUE(ts[5].space_before);
  EXPECT_EQ(ts[5].col, 13u);
  EXPECT_EQ(ts[6].text, " @capacity 16");  // what follows the '#'
}

TEST(Tokenizer, Numbers) {
  auto ts = toks("-1 +2.5 1e3 .5 0x1F 3. 12abc 7\n");
  EXPECT_EQ(kinds(ts), (std::vector<Tok>{Tok::Integer, Tok::Float, Tok::Float, Tok::Float, Tok::Integer,
                                         Tok::Float, Tok::Invalid, Tok::Integer, Tok::Newline, Tok::End}));
  EXPECT_EQ(ts[4].text, "0x1F");
  EXPECT_EQ(ts[6].text, "12abc");
}

TEST(Tokenizer, StringsKeepQuotesAndStopAtEndOfLine) {
  auto ts = toks("\"a # b\" 'c\\'d' \"open\nx\n");
  ASSERT_GE(ts.size(), 4u);
  EXPECT_EQ(ts[0].kind, Tok::String);
  EXPECT_EQ(ts[0].text, "\"a # b\"");  // '#' inside quotes is no comment
  EXPECT_EQ(ts[1].kind, Tok::String);
  EXPECT_EQ(ts[2].kind, Tok::Invalid);  // unterminated
  EXPECT_EQ(ts[2].text, "\"open");
  EXPECT_EQ(ts[4].line, 2u);
}

TEST(Tokenizer, SeparatorOnlyAtLineStart) {
  auto ts = toks("---\nint8 x\n");
  EXPECT_EQ(ts[0].kind, Tok::Separator);
  EXPECT_EQ(ts[2].kind, Tok::Ident);
}

TEST(Tokenizer, EveryLineEndsInNewlineEvenWithoutFinalNewlineAndWithCrlf) {
  auto ts = toks("int8 x\r\nint8 y");
  EXPECT_EQ(kinds(ts), (std::vector<Tok>{Tok::Ident, Tok::Ident, Tok::Newline, Tok::Ident, Tok::Ident,
                                         Tok::Newline, Tok::End}));
  EXPECT_EQ(ts[3].line, 2u);
}

TEST(Tokenizer, InvalidCharactersBecomeTokens) {
  auto ts = toks("int8 x @ \xc3\xa9\n");
  EXPECT_EQ(ts[2].kind, Tok::Invalid);
  EXPECT_EQ(ts[3].kind, Tok::Invalid);
  EXPECT_EQ(ts[3].text.size(), 2u);  // one token for a whole UTF-8 sequence
}
