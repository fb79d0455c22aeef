#include "compile_helpers.hpp"

#include <gtest/gtest.h>

namespace msgc_test {

using namespace dmxp::msgc;

std::string path_of(const std::string& type) {
  size_t slash = type.find('/');
  return "r/" + type.substr(0, slash) + "/msg/" + type.substr(slash + 1) + ".msg";
}

Sources& Sources::add(const std::string& type, const std::string& text) {
  files_.emplace_back(path_of(type), text);
  return *this;
}

Sources& Sources::add_file(const std::string& path, const std::string& text) {
  files_.emplace_back("r/" + path, text);
  return *this;
}

std::unique_ptr<Compiled> Sources::compile(const std::vector<std::string>& types, CapacityDefaults defaults,
                                      std::vector<std::string> languages) const {
  auto run = std::make_unique<Compiled>();
  for (const auto& [path, text] : files_) run->files.add(path, text);
  CompileRequest req;
  for (const std::string& t : types) req.inputs.push_back(path_of(t));
  req.defaults = defaults;
  req.languages = std::move(languages);
  run->compilation = std::make_unique<Compilation>(run->files, run->diags);
  run->result = run->compilation->run(req);
  return run;
}

const model::Message* Compiled::message(const std::string& full_name) const {
  for (const model::Message* m : result.messages)
    if (m->full_name() == full_name) return m;
  return nullptr;
}

std::string Compiled::file(const std::string& path) const {
  for (const GeneratedFile& f : result.files)
    if (f.path == path) return f.content;
  return "";
}

uint64_t fingerprint_of(const Sources& s, const std::string& type, CapacityDefaults d) {
  auto run = s.compile({type}, d);
  EXPECT_EQ(run->errors(), "");
  const model::Message* m = run->message(type);
  return m ? m->fingerprint : 0;
}

std::unique_ptr<Compiled> compile_files(const std::vector<std::pair<std::string, std::string>>& files,
                                        const std::vector<std::string>& inputs,
                                        std::vector<std::string> languages,
                                        dmxp::msgc::CapacityDefaults defaults) {
  auto run = std::make_unique<Compiled>();
  for (const auto& [path, text] : files) run->files.add("r/" + path, text);
  dmxp::msgc::CompileRequest req;
  for (const std::string& in : inputs) req.inputs.push_back("r/" + in);
  req.languages = std::move(languages);
  req.defaults = defaults;
  run->compilation = std::make_unique<dmxp::msgc::Compilation>(run->files, run->diags);
  run->result = run->compilation->run(req);
  return run;
}

}  // namespace msgc_test
