// emitter.hpp - the interface every language's generator implements: two functions, one
// that names the files it writes for a type and one that writes them. Adding a language
// (Rust #[repr(C)] structs, Go structs, a TypeScript accessor) is one file defining an
// Emitter and one line in registry.cpp; the helpers every emitter needs (layout, schema,
// descriptor, literals, names) live in lib/, not in the emitters.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../model.hpp"

namespace dmxp::msgc {

struct GeneratedFile {
  std::string path;  // relative to the output directory, '/'-separated
  std::string content;
};

struct Emitter {
  std::string_view name;     // the --lang value
  std::string_view summary;  // one line for --help
  // The files emit(m) writes, relative to the output directory. Build systems use the same
  // names (cmake/DmxpMessages.cmake).
  std::vector<std::string> (*outputs)(const model::Message& m);
  // The files' contents. Files shared by several types of a package (e.g. a Python
  // package's __init__.py) come out identical from every type.
  std::vector<GeneratedFile> (*emit)(const model::Message& m);
};

std::span<const Emitter> all_emitters();
const Emitter* find_emitter(std::string_view name);

}  // namespace dmxp::msgc
