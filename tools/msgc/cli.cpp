#include "cli.hpp"

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
         "  --check         only validate; write nothing\n"
         "  --list-outputs  print the files the inputs generate (relative to -o); write nothing\n"
         "  -h, --help      this text\n"
         "Exit status: 0 when every input compiled, 1 on errors in the inputs, 2 on usage errors.\n";
}

std::optional<CliOptions> parse_cli(int argc, char** argv, std::string* error) {
  CliOptions o;
  bool langs_given = false;
  auto value = [&](int& i, const std::string& flag) -> std::optional<std::string> {
    std::string a = argv[i];
    if (a.size() > flag.size() && a.compare(0, flag.size() + 1, flag + "=") == 0)
      return a.substr(flag.size() + 1);
    if (flag.size() == 2 && a.size() > 2 && a.compare(0, 2, flag) == 0) return a.substr(2);  // -Ipath
    if (i + 1 >= argc) {
      *error = "option " + flag + " needs a value";
      return std::nullopt;
    }
    return std::string(argv[++i]);
  };
  auto matches = [](const std::string& a, const std::string& flag) {
    return a == flag || a.compare(0, flag.size() + 1, flag + "=") == 0 ||
           (flag.size() == 2 && a.compare(0, 2, flag) == 0 && a.size() > 2);
  };
  auto number = [&](const std::string& flag, const std::string& v) -> std::optional<uint64_t> {
    auto n = parse_uint(v);
    if (!n || *n == 0) *error = "option " + flag + " needs a positive integer, got '" + v + "'";
    return n && *n ? n : std::nullopt;
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--check") {
      o.check_only = true;
    } else if (a == "--list-outputs") {
      o.list_outputs = true;
    } else if (matches(a, "-I")) {
      auto v = value(i, "-I");
      if (!v) return std::nullopt;
      o.request.include_roots.push_back(*v);
    } else if (matches(a, "-o")) {
      auto v = value(i, "-o");
      if (!v) return std::nullopt;
      o.out_dir = *v;
    } else if (matches(a, "--lang")) {
      auto v = value(i, "--lang");
      if (!v) return std::nullopt;
      langs_given = true;
      for (const std::string& l : split_commas(*v)) {
        if (!find_emitter(l)) {
          *error = "unknown language '" + l + "' in --lang, expected one of:";
          for (const Emitter& e : all_emitters()) *error += " " + std::string(e.name);
          return std::nullopt;
        }
        o.request.languages.push_back(l);
      }
    } else if (matches(a, "--default-capacity") || matches(a, "--default-string-capacity")) {
      std::string flag = matches(a, "--default-capacity") ? "--default-capacity" : "--default-string-capacity";
      auto v = value(i, flag);
      if (!v) return std::nullopt;
      auto n = number(flag, *v);
      if (!n) return std::nullopt;
      (flag == "--default-capacity" ? o.request.defaults.capacity : o.request.defaults.string_capacity) = n;
    } else if (a.size() > 1 && a[0] == '-') {
      *error = "unknown option '" + a + "'";
      return std::nullopt;
    } else {
      o.args.push_back(a);
    }
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
