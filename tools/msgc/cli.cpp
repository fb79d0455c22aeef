#include "cli.hpp"

#include "dmxp/tools/arg_cursor.hpp"

#include "lib/emit/emitter.hpp"
#include "lib/literals.hpp"

namespace dmxp::msgc {
namespace {

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string usage() {
  std::string langs;
  for (const Emitter& e : all_emitters()) langs += "                  " + std::string(e.name) + ": " + std::string(e.summary) + "\n";
  return "usage: dmxp-msgc [options] <file.msg | package folder>...\n"
         "Compiles ROS-style .msg files (<root>/<package>/msg/<Type>.msg) into fixed-layout types.\n"
         "  -I <root>       also look for <root>/<pkg>/msg/<Type>.msg when resolving types\n"
         "                  (repeatable; DMXP's standard packages are always found)\n"
         "  -o <dir>        output directory (default .); each language writes below <dir>/<lang>/\n"
         "  --lang L,...    languages to generate (default: all):\n" + langs +
         "  --default-capacity N          elements of T[] fields without another capacity\n"
         "  --default-string-capacity N   bytes of string fields without another capacity\n"
         "  --with-dependencies  also generate every type the inputs use (standard or -I\n"
         "                  packages too): an output tree that needs no other generated package\n"
         "  --check         only validate; write nothing\n"
         "  --list-outputs  print the files the inputs generate (relative to -o); write nothing\n"
         "  -h, --help      this text\n"
         "Exit status: 0 when every input compiled, 1 on errors in the inputs, 2 on usage errors.\n";
}

namespace {

// A positive whole number for a --default-* option; false and *error otherwise.
bool set_positive(const char* flag, const std::string& v, std::optional<uint64_t>& out, std::string* error) {
  auto n = parse_uint(v);
  if (!n || *n == 0) {
    *error = "option " + std::string(flag) + " needs a positive integer, got '" + v + "'";
    return false;
  }
  out = n;
  return true;
}

// One option (or input) at the cursor into o; false and *error on a usage error.
bool parse_one(tools::ArgCursor& a, CliOptions& o, bool& langs_given, std::string* error) {
  std::string v;
  if (a.flag("-h") || a.flag("--help")) {
    o.help = true;
  } else if (a.flag("--check")) {
    o.check_only = true;
  } else if (a.flag("--with-dependencies")) {
    o.request.with_dependencies = true;
  } else if (a.flag("--list-outputs")) {
    o.list_outputs = true;
  } else if (a.value("-I", &v)) {
    o.request.include_roots.push_back(v);
  } else if (a.value("-o", &v)) {
    o.out_dir = v;
  } else if (a.value("--lang", &v)) {
    langs_given = true;
    for (const std::string& l : split_commas(v)) {
      if (!find_emitter(l)) {
        *error = "unknown language '" + l + "' in --lang, expected one of:";
        for (const Emitter& e : all_emitters()) *error += " " + std::string(e.name);
        return false;
      }
      o.request.languages.push_back(l);
    }
  } else if (a.value("--default-capacity", &v)) {
    return set_positive("--default-capacity", v, o.request.defaults.capacity, error);
  } else if (a.value("--default-string-capacity", &v)) {
    return set_positive("--default-string-capacity", v, o.request.defaults.string_capacity, error);
  } else if (a.peek().size() > 1 && a.peek()[0] == '-') {
    *error = "unknown option '" + a.peek() + "'";
    return false;
  } else {
    o.args.push_back(a.take());
  }
  return true;
}

}  // namespace

std::optional<CliOptions> parse_cli(int argc, char** argv, std::string* error) {
  CliOptions o;
  bool langs_given = false;
  tools::ArgCursor a(argc, argv, {.attached_short_values = true});
  try {
    while (!a.done())
      if (!parse_one(a, o, langs_given, error)) return std::nullopt;
  } catch (const tools::MissingValue& e) {
    *error = "option " + std::string(e.what());
    return std::nullopt;
  }
  if (!langs_given)
    for (const Emitter& e : all_emitters()) o.request.languages.push_back(std::string(e.name));
  if (o.args.empty() && !o.help) {
    *error = "no input, expected .msg files or package folders";
    return std::nullopt;
  }
  return o;
}

}  // namespace dmxp::msgc
