// driver.hpp - one compilation: load the input .msg files, resolve and lay them out, run the
// chosen emitters. The library entry point that dmxp-msgc, the tests and the fuzzer call;
// it never prints and never exits.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "emit/emitter.hpp"
#include "files.hpp"
#include "model.hpp"
#include "resolver.hpp"

namespace dmxp::msgc {

struct CompileRequest {
  std::vector<std::string> inputs;         // .msg, .srv and .action files (expand_inputs turns
                                           // folders into them)
  std::vector<std::string> include_roots;  // -I, searched after the inputs' own roots
  std::string standard_root;               // msgs/ of DMXP, searched last ("" for none)
  std::vector<std::string> languages;      // emitter names; none: check only
  CapacityDefaults defaults;
  // Also emit every type the inputs use, from whichever root it was found in (a
  // self-contained output tree: what dmxp.msg.load imports without any installed package).
  bool with_dependencies = false;
};

struct CompileResult {
  std::vector<const model::Message*> messages;  // the inputs' types that compiled, in input
                                                // order (a .srv: its request, then response;
                                                // a .action: kActionTypeSuffixes' order)
  std::vector<GeneratedFile> files;             // every output, each path once (with
                                                // with_dependencies: the used types' too)
  size_t failed = 0;                            // inputs that did not compile
};

// Messages point into resolver-owned memory: keep the Compilation alive while using them.
class Compilation {
 public:
  Compilation(const FileSource& files, Diagnostics& diags) : files_(files), diags_(diags) {}
  CompileResult run(const CompileRequest& request);

 private:
  void emit_type(const model::Message& m, const std::vector<const Emitter*>& emitters,
                 std::map<std::string, size_t>& by_path, CompileResult& result);
  void emit_files(const model::Message& m, const std::vector<const Emitter*>& emitters,
                  std::map<std::string, size_t>& by_path, CompileResult& result);
  void emit_dependencies(const std::vector<const Emitter*>& emitters,
                         std::map<std::string, size_t>& by_path, CompileResult& result);
  const FileSource& files_;
  Diagnostics& diags_;
  std::unique_ptr<Loader> loader_;
  std::unique_ptr<Resolver> resolver_;
};

// Command-line inputs to .msg/.srv/.action files: a file stays as it is; a package folder
// (<pkg>, holding msg/, srv/ and/or action/) or one of those folders becomes its files,
// sorted. Bad inputs are reported.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, Diagnostics& diags);

// Writes files under out_dir, creating folders; a file whose content is unchanged is not
// touched (so builds do not redo work). Returns how many were written.
size_t write_outputs(const std::string& out_dir, const std::vector<GeneratedFile>& files,
                     Diagnostics& diags);

}  // namespace dmxp::msgc
