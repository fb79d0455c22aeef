#include "driver.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace dmxp::msgc {

namespace fs = std::filesystem;

CompileResult Compilation::run(const CompileRequest& req) {
  CompileResult result;
  loader_ = std::make_unique<Loader>(files_, diags_);
  resolver_ = std::make_unique<Resolver>(*loader_, req.defaults, diags_);
  // Roots: those of the inputs first (a package's own types win), then -I, then DMXP's own.
  for (const std::string& in : req.inputs) {
    std::string why;
    if (auto mp = split_msg_path(in, &why)) loader_->add_root(mp->root);
  }
  for (const std::string& r : req.include_roots) loader_->add_root(r);
  if (!req.standard_root.empty()) loader_->add_root(req.standard_root);

  std::vector<const Emitter*> emitters;
  for (const std::string& lang : req.languages)
    if (const Emitter* e = find_emitter(lang)) emitters.push_back(e);

  std::map<std::string, size_t> by_path;
  for (const std::string& in : req.inputs) {
    std::vector<const Loader::Entry*> entries = loader_->load_input(in);
    std::vector<const model::Message*> types;
    for (const Loader::Entry* e : entries)
      if (const model::Message* m = resolver_->resolve(*e)) types.push_back(m);
    if (entries.empty() || types.size() != entries.size()) {  // a service or action compiles whole or not
      ++result.failed;
      continue;
    }
    if (types.size() == 2 && !types[0]->service.empty()) resolver_->link_service_parts(types[0], types[1]);
    for (const model::Message* m : types) emit_type(*m, emitters, by_path, result);
  }
  if (req.with_dependencies) emit_dependencies(emitters, by_path, result);
  return result;
}

void Compilation::emit_dependencies(const std::vector<const Emitter*>& emitters,
                                    std::map<std::string, size_t>& by_path, CompileResult& result) {
  std::set<const model::Message*> done(result.messages.begin(), result.messages.end());
  std::vector<const model::Message*> used;
  for (const model::Message* m : result.messages)
    for (const model::Message* d : model::dependencies(*m))
      if (done.insert(d).second) used.push_back(d);
  // Not in result.messages: those stay the inputs' types.
  for (const model::Message* d : used) emit_files(*d, emitters, by_path, result);
}

void Compilation::emit_type(const model::Message& m, const std::vector<const Emitter*>& emitters,
                            std::map<std::string, size_t>& by_path, CompileResult& result) {
  result.messages.push_back(&m);
  emit_files(m, emitters, by_path, result);
}

void Compilation::emit_files(const model::Message& m, const std::vector<const Emitter*>& emitters,
                             std::map<std::string, size_t>& by_path, CompileResult& result) {
  for (const Emitter* em : emitters)
    for (GeneratedFile& f : em->emit(m)) {
      auto [it, fresh] = by_path.emplace(f.path, result.files.size());
      if (fresh) result.files.push_back(std::move(f));
      else if (result.files[it->second].content != f.content)
        diags_.error(f.path, "two inputs generate this file with different contents, expected "
                             "each type once");
    }
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& args, Diagnostics& diags) {
  std::vector<std::string> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    // A package folder holds msg/, srv/ and/or action/; each of those folders itself is
    // accepted too.
    std::vector<fs::path> dirs;
    for (const char* sub : {"msg", "srv", "action"})
      if (fs::is_directory(fs::path(a) / sub, ec)) dirs.push_back(fs::path(a) / sub);
    if (dirs.empty()) dirs.push_back(fs::path(a));
    std::vector<std::string> found;
    for (const fs::path& dir : dirs)
      for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".msg" || it->path().extension() == ".srv" ||
            it->path().extension() == ".action")
          found.push_back(it->path().string());
    if (found.empty()) {
      diags.error(a, "no .msg, .srv or .action files in " + a +
                         ", expected a package folder holding msg/<Type>.msg, srv/<Service>.srv "
                         "or action/<Action>.action files");
      continue;
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

size_t write_outputs(const std::string& out_dir, const std::vector<GeneratedFile>& files,
                     Diagnostics& diags) {
  size_t written = 0;
  for (const GeneratedFile& f : files) {
    fs::path p = fs::path(out_dir) / f.path;
    std::ifstream old(p, std::ios::binary);
    if (old) {
      std::string existing((std::istreambuf_iterator<char>(old)), std::istreambuf_iterator<char>());
      if (existing == f.content) continue;
    }
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    // Write beside, then rename: a reader (a parallel build) never sees half a file.
    fs::path tmp = p;
    tmp += ".tmp";
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << f.content;
    out.close();
    if (!out || (fs::rename(tmp, p, ec), ec)) {
      diags.error(p.string(), "cannot write the file, expected a writable output directory");
      fs::remove(tmp, ec);
      continue;
    }
    ++written;
  }
  return written;
}

}  // namespace dmxp::msgc
