// package_template.hpp - a package template: a folder of template files (template_text.hpp)
// and a MANIFEST naming, one per line, a template file, the path it becomes in the new
// package (itself a template: "src/{{node}}.cpp"), and optionally "if <flag>" or
// "unless <flag>":
//
//   # template            in the package         when
//   node.cpp.in           src/{{node}}.cpp
//   Measurement.msg.in    msg/Measurement.msg    if msg
//
// The templates DMXP ships are in tools/cli/templates/pkg/<language>/ (installed as
// <prefix>/share/dmxp/templates/pkg/<language>/).
#pragma once

#include <string>
#include <vector>

#include "template_text.hpp"

namespace dmxp::cli::scaffold {

struct GeneratedFile {
  std::string path;     // relative to the package's directory
  std::string content;
};

// Renders every file of the template in `template_dir` that applies to `values`. Throws
// TemplateError for a missing or unreadable file or a mistake in the manifest or a template.
std::vector<GeneratedFile> render_package(const std::string& template_dir, const TemplateValues& values);

}  // namespace dmxp::cli::scaffold
