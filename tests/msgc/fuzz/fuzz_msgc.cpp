// dmxp_fuzz_msgc: the input is a .msg file, fuzz/msg/Input.msg, compiled in memory (no disk)
// with every emitter. A second file, fuzz/msg/Other.msg, holds the input too, so nested
// lookups, recursion and cross-file errors are reached; std_msgs/Header is a small fixed
// type. Whatever the bytes, the compiler must report errors, never crash, hang or leak, and
// every diagnostic must format.
#include <cstddef>
#include <cstdint>
#include <string>

#include "driver.hpp"

using namespace dmxp::msgc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  MemoryFiles files;
  files.add("r/fuzz/msg/Input.msg", text);
  files.add("r/fuzz/msg/Other.msg", text);
  files.add("r/fuzz/dmxp_package.yaml", text.substr(0, 64));
  files.add("r/std_msgs/msg/Header.msg", "int32 sec\nuint32 nanosec\nstring frame_id\n");
  files.add("r/builtin_interfaces/msg/Time.msg", "int32 sec\nuint32 nanosec\n");
  CompileRequest req;
  req.inputs = {"r/fuzz/msg/Input.msg"};
  req.languages = {"cpp", "python", "descriptor"};
  req.defaults.capacity = 4;
  req.defaults.string_capacity = 8;
  Diagnostics diags;
  Compilation c(files, diags);
  CompileResult r = c.run(req);
  std::string all = diags.format();
  if (r.failed == 0 && diags.has_errors()) __builtin_trap();  // failure must be counted
  return 0;
}
