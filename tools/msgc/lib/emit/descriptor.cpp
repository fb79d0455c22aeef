// The descriptor emitter: the layout descriptor JSON of each type (descriptor.hpp), for
// tools and languages that decode messages without generated code.
#include "../descriptor.hpp"
#include "emitter.hpp"

namespace dmxp::msgc {
namespace {

std::string path(const model::Message& m) { return "descriptor/" + m.package + "/msg/" + m.name + ".json"; }
std::vector<std::string> outputs(const model::Message& m) { return {path(m)}; }
std::vector<GeneratedFile> emit(const model::Message& m) { return {{path(m), descriptor_json(m)}}; }

}  // namespace

extern const Emitter kDescriptorEmitter{"descriptor", "layout descriptors as JSON (descriptor/<pkg>/msg/<Type>.json)",
                                        outputs, emit};

}  // namespace dmxp::msgc
