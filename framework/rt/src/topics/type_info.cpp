// intern_type_info (extension.hpp): TypeInfo strings for types known at run time.
#include <deque>
#include <mutex>
#include <string>

#include "dmxp/rt/extension.hpp"

namespace dmxp::rt {

TypeInfo intern_type_info(std::string_view name, uint64_t fingerprint,
                          std::string_view descriptor, uint32_t size) {
  struct Interned {
    std::string name, descriptor;
    uint64_t fingerprint;
    uint32_t size;
  };
  static std::mutex mu;
  // A deque never moves its elements. Never destroyed: endpoints of static objects may still
  // point into it while static destructors run.
  static auto* pool = new std::deque<Interned>;
  std::lock_guard lock(mu);
  const Interned* found = nullptr;
  for (const Interned& t : *pool)
    if (t.fingerprint == fingerprint && t.size == size && t.name == name) found = &t;
  if (!found)
    found = &pool->emplace_back(Interned{std::string(name), std::string(descriptor), fingerprint, size});
  return TypeInfo{found->name.c_str(), found->fingerprint, found->descriptor, found->size};
}

}  // namespace dmxp::rt
