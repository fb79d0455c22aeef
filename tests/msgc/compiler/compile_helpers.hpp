// compile_helpers.hpp - compiling .msg text held in memory, for the compiler's unit tests.
//   auto run = Sources().add("p/T", "int32 x\n").compile({"p/T"});
//   EXPECT_EQ(run->errors(), "");   run->message("p/T")->size ...
// Files live under the root "r": "p/T" is r/p/msg/T.msg.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "driver.hpp"

namespace msgc_test {

struct Compiled {
  dmxp::msgc::MemoryFiles files;
  dmxp::msgc::Diagnostics diags;
  std::unique_ptr<dmxp::msgc::Compilation> compilation;
  dmxp::msgc::CompileResult result;

  std::string errors() const { return diags.format(); }
  // The compiled type "pkg/Type", or nullptr.
  const dmxp::msgc::model::Message* message(const std::string& full_name) const;
  // The generated file with this path, or "" when none.
  std::string file(const std::string& path) const;
};

class Sources {
 public:
  // "pkg/Type" -> r/pkg/msg/Type.msg
  Sources& add(const std::string& type, const std::string& text);
  // Any path under r/, e.g. "pkg/dmxp_package.yaml".
  Sources& add_file(const std::string& path, const std::string& text);
  std::unique_ptr<Compiled> compile(const std::vector<std::string>& types,
                               dmxp::msgc::CapacityDefaults defaults = {},
                               std::vector<std::string> languages = {}) const;

 private:
  std::vector<std::pair<std::string, std::string>> files_;
};

// Compiles the given inputs from files held in memory (paths as written, under "r/"):
//   compile_files({{"p/srv/Move.srv", "..."}}, {"p/srv/Move.srv"}, {"cpp"});
std::unique_ptr<Compiled> compile_files(const std::vector<std::pair<std::string, std::string>>& files,
                                        const std::vector<std::string>& inputs,
                                        std::vector<std::string> languages = {},
                                        dmxp::msgc::CapacityDefaults defaults = {});

// Path of "pkg/Type" as the tests name it in diagnostics: "r/pkg/msg/Type.msg".
std::string path_of(const std::string& type);
// The fingerprint of the first type after compiling the given sources (fails the test on errors).
uint64_t fingerprint_of(const Sources& s, const std::string& type, dmxp::msgc::CapacityDefaults d = {});

}  // namespace msgc_test
