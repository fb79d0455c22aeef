#include "annotations.hpp"

#include <string_view>

#include "literals.hpp"

namespace dmxp::msgc {
namespace {

constexpr std::string_view kKnown[] = {"capacity", "string-capacity", "shape"};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

struct Word {
  std::string_view name;
  size_t at;  // index of '@' in the comment text
};

std::vector<Word> known_words(std::string_view text) {
  std::vector<Word> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@') continue;
    size_t j = i + 1;
    while (j < text.size() && word_char(text[j])) ++j;
    std::string_view w = text.substr(i + 1, j - i - 1);
    for (std::string_view k : kKnown)
      if (w == k) out.push_back({w, i});
    i = j - 1;
  }
  return out;
}

// Columns inside the comment: its text starts one character after the '#'.
SourceLoc at(const std::shared_ptr<const SourceFile>& f, const Token& c, size_t index, size_t len) {
  return {f, c.line, uint32_t(c.col + 1 + index), uint32_t(len ? len : 1)};
}

}  // namespace

AnnotationScan scan_annotations(const std::shared_ptr<const SourceFile>& file, const Token& c) {
  AnnotationScan scan;
  for (const Word& w : known_words(c.text)) scan.found.push_back(at(file, c, w.at, w.name.size() + 1));
  return scan;
}

void parse_annotations(const std::shared_ptr<const SourceFile>& file, const Token& c,
                       ast::Annotations& out, Diagnostics& diags) {
  std::string_view text = c.text;
  for (const Word& w : known_words(text)) {
    size_t i = w.at + 1 + w.name.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t j = i;
    while (j < text.size() && word_char(text[j])) ++j;
    std::string_view arg = text.substr(i, j - i);
    SourceLoc word_loc = at(file, c, w.at, w.name.size() + 1);
    SourceLoc arg_loc = arg.empty() ? word_loc : at(file, c, i, arg.size());
    if (w.name == "shape") {
      size_t x = arg.find_first_of("xX");
      auto rows = x == std::string_view::npos ? std::nullopt : parse_uint(arg.substr(0, x));
      auto cols = x == std::string_view::npos ? std::nullopt : parse_uint(arg.substr(x + 1));
      if (!rows || !cols || *rows == 0 || *cols == 0 || *rows > 0xFFFF || *cols > 0xFFFF) {
        diags.error(arg_loc, "bad '@shape' '" + std::string(arg) +
                                 "', expected ROWSxCOLS with both at least 1 (e.g. '@shape 3x4')");
        continue;
      }
      if (out.shape) diags.error(word_loc, "'@shape' given twice, expected it once per field");
      out.shape = {uint32_t(*rows), uint32_t(*cols)};
      out.shape_loc = word_loc;
      continue;
    }
    auto n = parse_uint(arg);
    if (!n) {
      diags.error(arg_loc, "bad '@" + std::string(w.name) + "' value '" + std::string(arg) +
                               "', expected a non-negative integer (e.g. '@" +
                               std::string(w.name) + " 1024')");
      continue;
    }
    auto& slot = w.name == "capacity" ? out.capacity : out.string_capacity;
    auto& slot_loc = w.name == "capacity" ? out.capacity_loc : out.string_capacity_loc;
    if (slot) diags.error(word_loc, "'@" + std::string(w.name) + "' given twice, expected it once per field");
    slot = *n;
    slot_loc = word_loc;
    slot_loc.length = uint32_t(j - w.at);
  }
}

}  // namespace dmxp::msgc
