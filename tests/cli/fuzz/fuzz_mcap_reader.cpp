// libFuzzer target: arbitrary bytes as an MCAP file, read to the end the way `dmxp play` and
// `dmxp bag info` do, chunks decompressed (zstd, lz4) and metadata read. The reader must
// report damage, never crash, read out of bounds or allocate without bound.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "mcap/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/dmxp_fuzz_mcap_" + std::to_string(getpid());
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  dmxp::cli::mcap::McapReader reader;
  std::string error;
  if (!reader.open(path, &error)) return 0;
  size_t bytes = 0;
  for (auto e = reader.next(); e != dmxp::cli::mcap::McapReader::Event::End; e = reader.next()) {
    if (e == dmxp::cli::mcap::McapReader::Event::Message) {
      const auto& m = reader.message();
      for (size_t i = 0; i < m.size; ++i) bytes += m.data[i];  // touch every payload byte
    } else if (e == dmxp::cli::mcap::McapReader::Event::Metadata) {
      for (const auto& [k, v] : reader.metadata().values) bytes += k.size() + v.size();
    }
  }
  return int(bytes & 0);
}
