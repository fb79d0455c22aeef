// tokenizer.hpp - splits a .msg file into tokens. The format is line-oriented: the parser
// reads one declaration per line, so end-of-line is a token too, and every token knows whether
// white space came before it (a type such as `string<=8[<=4]` must be written without any).
//
//   uint8[<=16] data   # @capacity 16      -> Ident LBracket LessEq Integer RBracket Ident
//                                             Comment Newline
// Nothing here reports errors: characters that start no token become Invalid tokens, which
// the parser reports where it meets them.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "source.hpp"

namespace dmxp::msgc {

enum class Tok {
  Ident,      // [A-Za-z_][A-Za-z0-9_]*
  Integer,    // 42, -7, +3, 0x1F
  Float,      // 1.5, -2e-3, .5, 3.
  String,     // "text" or 'text'; text() keeps the quotes, unescape() in literals.hpp
  Slash,      // /
  LBracket,   // [
  RBracket,   // ]
  LessEq,     // <=
  Equals,     // =
  Comma,      // ,
  Comment,    // # to end of line; text() is what follows the '#'
  Separator,  // --- at the start of a line (services and actions: not a .msg)
  Newline,
  End,
  Invalid,    // a character that starts no token, or an unterminated string
};

struct Token {
  Tok kind = Tok::End;
  std::string_view text;  // a view into the source text
  size_t offset = 0;      // of text in the source
  uint32_t line = 0, col = 0;
  bool space_before = false;
};

// All tokens of the file; the last one is End, and every line ends in Newline before it.
std::vector<Token> tokenize(const SourceFile& file);

// A token's place, for diagnostics.
SourceLoc loc_of(const std::shared_ptr<const SourceFile>& file, const Token& t);
// From the start of first to the end of last (both on one line).
SourceLoc loc_span(const std::shared_ptr<const SourceFile>& file, const Token& first,
                   const Token& last);

const char* describe(Tok kind);

}  // namespace dmxp::msgc
