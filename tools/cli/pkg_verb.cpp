// dmxp pkg create: a new package (C++ or Python) from the templates in templates/pkg/, as
// `ros2 pkg create` makes one: a node, optionally a message, a graph.yaml and a README.
#include <cstdio>
#include <filesystem>
#include <string>

#include "data_dirs.hpp"
#include "output.hpp"
#include "names.hpp"  // dmxp-msgc's: camel_case
#include "scaffold/package_names.hpp"
#include "scaffold/package_template.hpp"
#include "scaffold/package_writer.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

namespace fs = std::filesystem;
using scaffold::TemplateValues;

struct CreateRequest {
  std::string name, node, language;  // language: "cpp" or "python"
  bool msg = false;
};

// Returns "" and fills *r, or the usage error.
std::string parse(const Args& args, CreateRequest* r) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--cpp" || a == "--python") {
      std::string language = a.substr(2);
      if (!r->language.empty() && r->language != language) return "pkg create takes --cpp or --python, not both";
      r->language = language;
    } else if (a == "--msg") {
      r->msg = true;
    } else if (a == "--node") {
      if (i + 1 == args.size()) return "--node takes a node name";
      r->node = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      return "unknown option '" + a + "' of pkg create";
    } else if (r->name.empty()) {
      r->name = a;
    } else {
      return "pkg create takes one package name, got '" + r->name + "' and '" + a + "'";
    }
  }
  if (r->name.empty()) return "pkg create needs a package name";
  if (r->language.empty()) return "pkg create needs --cpp or --python";
  if (r->node.empty()) r->node = r->name + "_node";
  return "";
}

int create(const Args& args) {
  CreateRequest r;
  if (std::string error = parse(args, &r); !error.empty()) return usage_error(error);
  if (std::string error = scaffold::package_name_error(r.name); !error.empty()) return fail(error);
  if (std::string error = scaffold::node_name_error(r.node, r.name); !error.empty()) return fail(error);
  // A package of the name DMXP ships would clash with it in dmxp_add_standard_messages()
  // and on PYTHONPATH.
  std::string msgs = data_dir("DMXP_MSGS_DIR", "msgs", DMXP_CLI_SOURCE_MSGS_DIR);
  std::error_code ec;
  if (fs::is_directory(fs::path(msgs) / r.name, ec))
    return fail("invalid package name '" + r.name + "': DMXP's standard message package " + r.name +
                " (in " + msgs + ") has that name");

  TemplateValues values;
  values.variables = {{"package", r.name},
                      {"node", r.node},
                      {"NodeClass", dmxp::msgc::camel_case(r.node)},
                      {"dmxp_version", DMXP_CLI_VERSION}};
  values.flags = {{"msg", r.msg}};
  std::string templates = data_dir("DMXP_TEMPLATES_DIR", "templates", DMXP_CLI_SOURCE_TEMPLATES_DIR);
  try {
    auto files = scaffold::render_package(templates + "/pkg/" + r.language, values);
    scaffold::write_package(r.name, files);
    std::string what = std::string(r.language == "cpp" ? "C++" : "Python") + ", node " + r.node;
    if (r.msg) what += ", message " + r.name + "/msg/Measurement";
    std::printf("created package %s (%s) in ./%s:\n", r.name.c_str(), what.c_str(), r.name.c_str());
    for (const auto& f : files) std::printf("  %s/%s\n", r.name.c_str(), f.path.c_str());
    std::printf("how to build and run it: %s/README.md\n", r.name.c_str());
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}

}  // namespace

int pkg_verbs(const GlobalOptions&, const Args& args) {
  if (!args.empty() && args[0] == "create") return create(Args(args.begin() + 1, args.end()));
  return usage_error("pkg takes 'create <name> --cpp|--python [--node NAME] [--msg]'");
}

}  // namespace dmxp::cli
