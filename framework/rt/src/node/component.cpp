#include "dmxp/rt/component.hpp"

#include "dmxp/rt/component_manager.hpp"

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>

namespace dmxp::rt {
namespace {

struct Registry {
  std::mutex mu;
  std::map<std::string, ComponentFactory> factories;
};

Registry& registry() {
  static Registry* r = new Registry();  // registrations run in static initialisers
  return *r;
}

std::string own_library_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&register_component), &info) && info.dli_fname) {
    std::string path = info.dli_fname;
    if (size_t slash = path.rfind('/'); slash != std::string::npos) return path.substr(0, slash);
  }
  return {};
}

bool file_exists(const std::string& p) { return access(p.c_str(), R_OK) == 0; }

}  // namespace

void register_component(const char* class_name, ComponentFactory factory) {
  std::lock_guard lock(registry().mu);
  registry().factories.emplace(class_name, factory);
}

std::vector<std::string> registered_components() {
  std::lock_guard lock(registry().mu);
  std::vector<std::string> out;
  for (const auto& [name, f] : registry().factories) out.push_back(name);
  return out;
}

namespace {

std::string real_path(const char* p) {
  char buf[PATH_MAX];
  return p && realpath(p, buf) ? std::string(buf) : std::string(p ? p : "");
}

// The library's handle (RTLD_NODELETE: a component's code must stay mapped while anything it
// created lives), after component.hpp's search.
Result<void*> open_component_library(const std::string& name) {
  std::vector<std::string> candidates;
  if (name.find('/') != std::string::npos) {
    candidates.push_back(name);
  } else {
    std::string file = name.rfind("lib", 0) == 0 && name.find(".so") != std::string::npos
                           ? name
                           : "lib" + name + ".so";
    if (const char* env = std::getenv("DMXP_COMPONENT_PATH")) {
      std::stringstream dirs(env);
      for (std::string d; std::getline(dirs, d, ':');)
        if (!d.empty()) candidates.push_back(d + "/" + file);
    }
    if (std::string own = own_library_dir(); !own.empty()) candidates.push_back(own + "/" + file);
    candidates.push_back(file);  // the loader's search (LD_LIBRARY_PATH, rpath, system)
  }
  std::string tried;
  for (const std::string& c : candidates) {
    bool bare = c.find('/') == std::string::npos;
    if (!bare && !file_exists(c)) {
      tried += " " + c;
      continue;
    }
    if (void* handle = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)) return handle;
    const char* err = dlerror();
    if (!bare) return Error(DMXP_ERR_SYSTEM, "cannot load component library " + c + ": " + (err ? err : "?"));
    tried += " " + c + " (" + (err ? err : "?") + ")";
  }
  return Error(DMXP_ERR_NOT_FOUND, "component library '" + name + "' not found; tried" + tried);
}

}  // namespace

Status load_component_library(const std::string& name) {
  Result<void*> handle = open_component_library(name);
  if (!handle) return handle.error();
  return Unit{};
}

Result<std::vector<std::string>> component_classes_in(const std::string& library) {
  Result<void*> handle = open_component_library(library);
  if (!handle) return handle.error();
  link_map* map = nullptr;
  if (dlinfo(handle.value(), RTLD_DI_LINKMAP, &map) != 0 || !map)
    return Error(DMXP_ERR_SYSTEM, "cannot locate component library '" + library + "' in memory");
  const std::string file = real_path(map->l_name);
  // A class belongs to the library whose code holds its factory.
  std::vector<std::string> out;
  std::lock_guard lock(registry().mu);
  for (const auto& [name, factory] : registry().factories) {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(factory), &info) && real_path(info.dli_fname) == file) out.push_back(name);
  }
  return out;  // the map's order: sorted
}

Result<std::shared_ptr<Node>> create_component(const std::string& class_name,
                                               const NodeOptions& options) {
  ComponentFactory factory = nullptr;
  {
    std::lock_guard lock(registry().mu);
    auto it = registry().factories.find(class_name);
    if (it != registry().factories.end()) factory = it->second;
  }
  if (!factory) {
    std::string known;
    for (const std::string& n : registered_components()) known += (known.empty() ? "" : ", ") + n;
    return Error(DMXP_ERR_NOT_FOUND, "no component '" + class_name + "' is registered (known: " +
                                         (known.empty() ? "none" : known) + ")");
  }
  try {
    return factory(options);
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error(DMXP_ERR_INVALID_ARGUMENT, "component '" + class_name + "': " + e.what());
  }
}

}  // namespace dmxp::rt
