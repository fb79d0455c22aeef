// source.hpp - a .msg (or package) file held in memory, with its line table, and places in
// it. Every diagnostic points at a SourceLoc; every AST node remembers one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dmxp::msgc {

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // Line n (1-based) without its end-of-line characters; empty past the end.
  std::string_view line(uint32_t n) const;
  uint32_t line_count() const { return uint32_t(line_starts_.size()); }
  // 1-based line and column of a byte offset into text().
  void position(size_t offset, uint32_t* line, uint32_t* col) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

// A span of characters on one line: where an error points (the caret and its tildes).
struct SourceLoc {
  std::shared_ptr<const SourceFile> file;  // null: no place (command line, I/O errors)
  uint32_t line = 0;
  uint32_t col = 0;     // 1-based
  uint32_t length = 1;  // characters underlined, at least 1
};

}  // namespace dmxp::msgc
