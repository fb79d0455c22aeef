// template_text.hpp - the small template language of the package templates
// (tools/cli/templates/pkg/): text with {{name}} placeholders and whole-line sections.
//
//   {{package}}            the value of variable "package"; an unknown name is an error
//   {{#msg}} ... {{/msg}}  lines kept only when flag "msg" is true (each marker alone on its line)
//   {{^msg}} ... {{/msg}}  lines kept only when it is false
//
// Nothing else is special, so C++, CMake, YAML and TOML read as themselves in a template.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace dmxp::cli::scaffold {

struct TemplateValues {
  std::map<std::string, std::string> variables;
  std::map<std::string, bool> flags;
};

// A mistake in a template (or in a manifest): the message names the file and the line.
class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Renders text read from `file_name` (used in error messages: "<file>:<line>: ...").
std::string render_template(const std::string& text, const std::string& file_name, const TemplateValues& values);

// Replaces the {{name}} placeholders of one line (no sections) that is line `line_no` of `file_name`.
std::string render_line(const std::string& line, const std::string& file_name, size_t line_no,
                        const TemplateValues& values);

}  // namespace dmxp::cli::scaffold
