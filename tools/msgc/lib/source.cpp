#include "source.hpp"

#include <algorithm>

namespace dmxp::msgc {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
}

std::string_view SourceFile::line(uint32_t n) const {
  if (n == 0 || n > line_starts_.size()) return {};
  size_t begin = line_starts_[n - 1];
  size_t end = text_.find('\n', begin);
  if (end == std::string::npos) end = text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

void SourceFile::position(size_t offset, uint32_t* line, uint32_t* col) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t index = size_t(it - line_starts_.begin()) - 1;
  *line = uint32_t(index + 1);
  *col = uint32_t(offset - line_starts_[index] + 1);
}

}  // namespace dmxp::msgc
