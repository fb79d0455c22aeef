// The languages dmxp-msgc generates, in --lang order. One line per language.
#include "emitter.hpp"

namespace dmxp::msgc {

extern const Emitter kCppEmitter;
extern const Emitter kPythonEmitter;
extern const Emitter kDescriptorEmitter;
extern const Emitter kRustEmitter;
extern const Emitter kGoEmitter;
extern const Emitter kTypeScriptEmitter;
extern const Emitter kCEmitter;

namespace {
const Emitter* const kAll[] = {&kCppEmitter,  &kPythonEmitter, &kDescriptorEmitter,
                               &kRustEmitter, &kGoEmitter,     &kTypeScriptEmitter, &kCEmitter};
}

std::span<const Emitter> all_emitters() {
  static const std::vector<Emitter> list = [] {
    std::vector<Emitter> v;
    for (const Emitter* e : kAll) v.push_back(*e);
    return v;
  }();
  return list;
}

const Emitter* find_emitter(std::string_view name) {
  for (const Emitter& e : all_emitters())
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace dmxp::msgc
