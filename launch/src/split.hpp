// split.hpp - splits text on one separator, dropping empty parts ("a::b" -> a, b): search
// paths on ':', substitution words and ROS 2 `args` strings on ' '; and command lines into
// words the way a POSIX shell (and ROS 2's shlex.split of launch-prefix) does.
#pragma once

#include <string>
#include <optional>
#include <string_view>
#include <vector>

namespace dmxp::launch {

inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) parts.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

// Words of a ROS 2 `cmd` or `args` string: spaces separate words, except inside a
// substitution ("$(dirname)/x $(eval '1 + 2')" is two words), as ROS 2's frontend splits
// them before substituting. Empty words are dropped.
inline std::vector<std::string> split_words_keeping_substitutions(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  int depth = 0;  // open "$(" (and plain "(" inside them)
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '$' && i + 1 < s.size() && s[i + 1] == '(') {
      ++depth;
      word += "$(";
      ++i;
      continue;
    }
    if (depth > 0 && c == '(') ++depth;
    if (depth > 0 && c == ')') --depth;
    if (c == ' ' && depth == 0) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    word += c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Words of a command line: blanks separate words; '...' keeps everything literally, "..."
// everything but \" \\ \$ \`, a backslash outside quotes the next character. No expansion of
// variables or globs. nullopt (with *why) for an unterminated quote or a trailing backslash.
inline std::optional<std::vector<std::string>> split_shell_words(std::string_view s, std::string* why) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(word), word.clear(), in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == s.size()) return *why = "a trailing backslash escapes nothing", std::nullopt;
      word += s[i];
    } else if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) return *why = "unterminated ' quote", std::nullopt;
      word += s.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == '"') {
      for (++i;; ++i) {
        if (i == s.size()) return *why = "unterminated \" quote", std::nullopt;
        if (s[i] == '"') break;
        if (s[i] == '\\' && i + 1 < s.size() && std::string_view("\"\\$`").find(s[i + 1]) != std::string_view::npos) ++i;
        word += s[i];
      }
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

}  // namespace dmxp::launch
