// capacities.hpp - the capacity of every array and string field, and the checks on the
// annotations that give them. For an unbounded T[] (elements) or plain string (bytes) the
// first found wins:
//   1. the field's annotation        uint8[] data  # @capacity 1024
//   2. the package default           default_capacity in <root>/<pkg>/dmxp_package.yaml
//   3. the command line              --default-capacity N
// and the same with @string-capacity / default_string_capacity / --default-string-capacity
// for the strings of string[...] fields. None of them: an error naming the field and all
// three. Sizes written in the type (T[N], T[<=N], string<=N) take no annotation.
#pragma once

#include <optional>
#include <string>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "model.hpp"
#include "package_config.hpp"

namespace dmxp::msgc {

struct CapacityDefaults {
  std::optional<uint64_t> capacity;         // --default-capacity
  std::optional<uint64_t> string_capacity;  // --default-string-capacity
};

struct CapacitySources {
  const PackageConfig& package;
  std::string package_config_path;  // named in errors, whether or not it exists
  const CapacityDefaults& command_line;
};

// Sets f.array, f.count, f.declared_unbounded, f.shape and, for string elements, the
// element's capacity, size and alignment. Reports every problem; false when there was one.
bool assign_capacities(const ast::FieldDecl& d, const CapacitySources& sources, model::Field& f,
                       Diagnostics& diags);

// The type as written, normalized: "string<=8[<=4]", "uint8[]".
std::string type_text(const ast::TypeSpec& t);

}  // namespace dmxp::msgc
