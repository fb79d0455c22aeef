#include "package_template.hpp"

#include <fstream>
#include <sstream>

namespace dmxp::cli::scaffold {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TemplateError("cannot read the template file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct ManifestEntry {
  std::string source, destination, condition, flag;  // condition: "", "if" or "unless"
  size_t line = 0;
};

std::vector<ManifestEntry> read_manifest(const std::string& path) {
  std::vector<ManifestEntry> entries;
  std::istringstream in(read_file(path));
  std::string line;
  for (size_t line_no = 1; std::getline(in, line); ++line_no) {
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    ManifestEntry e;
    e.line = line_no;
    if (!(words >> e.source)) continue;  // blank or comment
    std::string extra;
    words >> e.destination >> e.condition >> e.flag >> extra;
    bool condition_ok = e.condition.empty() || ((e.condition == "if" || e.condition == "unless") && !e.flag.empty());
    if (e.destination.empty() || !condition_ok || !extra.empty())
      throw TemplateError(path + ":" + std::to_string(line_no) +
                          ": expected '<template> <path in the package> [if|unless <flag>]'");
    entries.push_back(e);
  }
  return entries;
}

}  // namespace

std::vector<GeneratedFile> render_package(const std::string& template_dir, const TemplateValues& values) {
  const std::string manifest = template_dir + "/MANIFEST";
  std::vector<GeneratedFile> files;
  for (const ManifestEntry& e : read_manifest(manifest)) {
    if (!e.condition.empty()) {
      auto flag = values.flags.find(e.flag);
      if (flag == values.flags.end())
        throw TemplateError(manifest + ":" + std::to_string(e.line) + ": unknown flag '" + e.flag + "'");
      if (flag->second != (e.condition == "if")) continue;
    }
    std::string destination = render_line(e.destination, manifest, e.line, values);
    std::string source = template_dir + "/" + e.source;
    files.push_back({destination, render_template(read_file(source), source, values)});
  }
  return files;
}

}  // namespace dmxp::cli::scaffold
