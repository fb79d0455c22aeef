#include "template_text.hpp"

#include <sstream>
#include <vector>

namespace dmxp::cli::scaffold {
namespace {

struct Section {
  char kind;    // '#' or '^'
  std::string flag;
  bool keep;    // whether the lines inside are kept
  size_t line;  // where it opened, for an unclosed section
};

[[noreturn]] void error_at(const std::string& file, size_t line, const std::string& what) {
  throw TemplateError(file + ":" + std::to_string(line) + ": " + what);
}

// "{{#msg}}" -> ('#', "msg"); any other line -> ('\0', "").
std::pair<char, std::string> section_marker(const std::string& line) {
  if (line.size() < 6 || line.compare(0, 2, "{{") != 0 || line.compare(line.size() - 2, 2, "}}") != 0)
    return {'\0', ""};
  char kind = line[2];
  if (kind != '#' && kind != '^' && kind != '/') return {'\0', ""};
  return {kind, line.substr(3, line.size() - 5)};
}

}  // namespace

std::string render_line(const std::string& line, const std::string& file, size_t line_no,
                        const TemplateValues& values) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = line.find("{{", pos);
    if (open == std::string::npos) break;
    size_t close = line.find("}}", open + 2);
    if (close == std::string::npos) error_at(file, line_no, "'{{' without '}}'");
    std::string name = line.substr(open + 2, close - open - 2);
    auto it = values.variables.find(name);
    if (it == values.variables.end()) error_at(file, line_no, "unknown variable '{{" + name + "}}'");
    out.append(line, pos, open - pos);
    out += it->second;
    pos = close + 2;
  }
  out.append(line, pos, std::string::npos);
  return out;
}

std::string render_template(const std::string& text, const std::string& file, const TemplateValues& values) {
  std::vector<Section> open;
  std::istringstream in(text);
  std::string out, line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    auto [kind, flag] = section_marker(line);
    if (kind == '/') {
      if (open.empty() || open.back().flag != flag)
        error_at(file, line_no, "'{{/" + flag + "}}' closes no open '{{#" + flag + "}}' or '{{^" + flag + "}}'");
      open.pop_back();
      continue;
    }
    if (kind) {
      auto it = values.flags.find(flag);
      if (it == values.flags.end()) error_at(file, line_no, "unknown flag '" + flag + "'");
      open.push_back({kind, flag, kind == '#' ? it->second : !it->second, line_no});
      continue;
    }
    bool keep = true;
    for (const Section& s : open) keep = keep && s.keep;
    if (keep) out += render_line(line, file, line_no, values) + "\n";
  }
  if (!open.empty()) error_at(file, open.back().line, std::string("'{{") + open.back().kind + open.back().flag +
                                          "}}' is never closed by '{{/" + open.back().flag + "}}'");
  return out;
}

}  // namespace dmxp::cli::scaffold
