// package_config.hpp - a package's default capacities, in <root>/<package>/dmxp_package.yaml:
//
//   # capacities for fields that do not give one in a '# @capacity N' annotation
//   default_capacity: 1024           # elements of every unbounded array T[]
//   default_string_capacity: 256     # bytes of every unbounded string
//
// The file is a strict subset of YAML: 'key: integer' lines and comments; unknown keys and
// anything else are errors.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "diagnostics.hpp"

namespace dmxp::msgc {

inline constexpr const char* kPackageConfigName = "dmxp_package.yaml";

struct PackageConfig {
  std::string path;  // empty when the package has none
  bool ok = true;    // false when the file has errors (reported once, when read)
  std::optional<uint64_t> default_capacity;
  std::optional<uint64_t> default_string_capacity;
};

PackageConfig parse_package_config(std::shared_ptr<const SourceFile> file, Diagnostics& diags);

}  // namespace dmxp::msgc
