// compression.hpp - the chunk compressions MCAP defines: "" (none), "zstd" (a Zstandard
// frame) and "lz4" (an LZ4 frame, not a raw block), from libzstd and liblz4.
//
//   std::string packed;
//   compress(Compression::Zstd, records.data(), records.size(), &packed);
//   ChunkBuffer out;  // reused from chunk to chunk
//   if (!decompress("zstd", packed.data(), packed.size(), records.size(), &out, &error)) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace dmxp::cli::mcap {

enum class Compression { None, Zstd, Lz4 };

// "none" | "zstd" | "lz4" (the names --compression takes); false for anything else.
bool parse_compression(const std::string& name, Compression* out);
// The name a Chunk record carries: "" for None, "zstd", "lz4".
const char* chunk_compression_name(Compression c);

// Appends data compressed with c to *out (None: a plain copy). Zstd at level 1 and LZ4 at
// its default: a recorder compresses as it records, so speed comes before the last percent.
void compress(Compression c, const void* data, size_t size, std::string* out);

// Uninitialized bytes that keep their capacity from one chunk to the next: a chunk that
// declares a large size costs address space, never memory that was not written.
class ChunkBuffer {
 public:
  uint8_t* reserve(size_t size);  // at least size bytes, contents unspecified; nullptr: no memory
  const uint8_t* data() const { return bytes_.get(); }

 private:
  std::unique_ptr<uint8_t[]> bytes_;
  size_t capacity_ = 0;
};

// Decompresses a chunk's records compressed with name ("zstd" or "lz4") into out, which must
// come to exactly uncompressed_size bytes. False with *error saying what is wrong (an unknown
// compression, damaged data, or a size other than declared).
bool decompress(const std::string& name, const void* data, size_t size, size_t uncompressed_size,
                ChunkBuffer* out, std::string* error);

}  // namespace dmxp::cli::mcap
