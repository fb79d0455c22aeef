// package_writer.hpp - puts a rendered package on disk without ever overwriting anything.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "package_template.hpp"

namespace dmxp::cli::scaffold {

// The destination exists already (as a directory, file or anything else).
class DestinationExists : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Creates directory `destination` holding `files`. The files are written into a hidden
// sibling directory first, which is then renamed into place with RENAME_NOREPLACE: the
// package appears whole or not at all, and one that appeared meanwhile is never replaced.
// Throws DestinationExists, or std::runtime_error naming the path that could not be written.
void write_package(const std::filesystem::path& destination, const std::vector<GeneratedFile>& files);

}  // namespace dmxp::cli::scaffold
