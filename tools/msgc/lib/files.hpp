// files.hpp - where the compiler reads .msg and package files from: the disk, or a map in
// memory (unit tests and the fuzzer, which must not touch the file system).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace dmxp::msgc {

class FileSource {
 public:
  virtual ~FileSource() = default;
  // The whole file, or nullopt when it does not exist or cannot be read.
  virtual std::optional<std::string> read(const std::string& path) const = 0;
};

class DiskFiles final : public FileSource {
 public:
  std::optional<std::string> read(const std::string& path) const override;
};

class MemoryFiles final : public FileSource {
 public:
  void add(std::string path, std::string text) { files_[std::move(path)] = std::move(text); }
  std::optional<std::string> read(const std::string& path) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace dmxp::msgc
