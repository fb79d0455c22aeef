// dmxp_fuzz_launch_xml: the input is a ROS 2 XML launch file, read and expanded as the
// launcher does before it starts anything (XML reader, entity rules, substitutions with
// $(eval) and its Python subset, includes, conditions, value conversion), and every
// diagnostic formatted with its source line. The file sits in a private directory that is
// also the package path, so includes of itself (cycles) and of its directory are reached.
// The same bytes also go straight to the $(eval) evaluator. Whatever the bytes: errors,
// never a crash, hang, leak or unbounded recursion.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "expand.hpp"
#include "python_expr.hpp"

namespace {

// Never destroyed: the exit handler that removes it runs after static destructors would.
const std::string& work_dir() {
  static const std::string* dir = [] {
    auto* d = new std::string(std::filesystem::temp_directory_path().string() + "/dmxp-fuzz-launch-" +
                              std::to_string(getpid()));
    std::filesystem::create_directories(*d);
    setenv("DMXP_LAUNCH_PACKAGE_PATH", d->c_str(), 1);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(work_dir(), ec);
    });
    return d;
  }();
  return *dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string path = work_dir() + "/in.launch.xml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  dmxp::launch::Diagnostics diags;
  dmxp::launch::expand_graph(path, {{"n", "3"}}, diags);
  std::string all = diags.format();
  auto value = dmxp::launch::eval_python_expression(text);
  (void)value;
  return 0;
}
