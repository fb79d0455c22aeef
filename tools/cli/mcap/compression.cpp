#include "mcap/compression.hpp"

#include <lz4frame.h>
#include <zstd.h>

#include <new>

namespace dmxp::cli::mcap {
namespace {

constexpr int kZstdLevel = 1;

bool decompress_zstd(const void* data, size_t size, uint8_t* out, size_t expected, std::string* error) {
  // Frame by frame: a Zstandard stream may hold several concatenated frames.
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{data, size, 0};
  ZSTD_outBuffer o{out, expected, 0};
  size_t rc = 0;
  while (in.pos < in.size) {
    size_t in_before = in.pos, out_before = o.pos;
    rc = ZSTD_decompressStream(ctx, &o, &in);
    if (ZSTD_isError(rc)) break;
    if (in.pos == in_before && o.pos == out_before) break;  // no progress: the output is full
  }
  ZSTD_freeDCtx(ctx);
  if (ZSTD_isError(rc)) {
    *error = std::string("zstd data is damaged (") + ZSTD_getErrorName(rc) + ")";
    return false;
  }
  if (rc != 0 || in.pos < in.size) {
    *error = o.pos == o.size ? "zstd data holds more than the declared " + std::to_string(expected) + " bytes"
                             : std::string("zstd data ends inside a frame");
    return false;
  }
  if (o.pos != expected) {
    *error = "zstd data holds " + std::to_string(o.pos) + " bytes, the chunk declares " + std::to_string(expected);
    return false;
  }
  return true;
}

bool decompress_lz4(const void* data, size_t size, uint8_t* out, size_t expected, std::string* error) {
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) {
    *error = "lz4: out of memory";
    return false;
  }
  auto* src = static_cast<const uint8_t*>(data);
  size_t in_pos = 0, out_pos = 0, rc = 1;
  while (in_pos < size) {
    size_t src_n = size - in_pos, dst_n = expected - out_pos;
    rc = LZ4F_decompress(ctx, out + out_pos, &dst_n, src + in_pos, &src_n, nullptr);
    if (LZ4F_isError(rc)) break;
    in_pos += src_n;
    out_pos += dst_n;
    if (src_n == 0 && dst_n == 0) break;  // no progress: the output is full
  }
  LZ4F_freeDecompressionContext(ctx);
  if (LZ4F_isError(rc)) {
    *error = std::string("lz4 data is damaged (") + LZ4F_getErrorName(rc) + ")";
    return false;
  }
  if (in_pos < size) {
    *error = "lz4 data holds more than the declared " + std::to_string(expected) + " bytes";
    return false;
  }
  if (rc != 0) {
    *error = "lz4 data ends inside a frame";
    return false;
  }
  if (out_pos != expected) {
    *error = "lz4 data holds " + std::to_string(out_pos) + " bytes, the chunk declares " + std::to_string(expected);
    return false;
  }
  return true;
}

}  // namespace

bool parse_compression(const std::string& name, Compression* out) {
  if (name == "none") *out = Compression::None;
  else if (name == "zstd") *out = Compression::Zstd;
  else if (name == "lz4") *out = Compression::Lz4;
  else return false;
  return true;
}

const char* chunk_compression_name(Compression c) {
  switch (c) {
    case Compression::Zstd: return "zstd";
    case Compression::Lz4: return "lz4";
    case Compression::None: break;
  }
  return "";
}

void compress(Compression c, const void* data, size_t size, std::string* out) {
  size_t at = out->size();
  switch (c) {
    case Compression::None:
      out->append(static_cast<const char*>(data), size);
      return;
    case Compression::Zstd: {
      out->resize(at + ZSTD_compressBound(size));
      size_t n = ZSTD_compress(out->data() + at, out->size() - at, data, size, kZstdLevel);
      out->resize(at + n);  // cannot fail: the bound is always enough
      return;
    }
    case Compression::Lz4: {
      LZ4F_preferences_t prefs{};
      prefs.frameInfo.contentSize = size;  // lets readers check the size up front
      out->resize(at + LZ4F_compressFrameBound(size, &prefs));
      size_t n = LZ4F_compressFrame(out->data() + at, out->size() - at, data, size, &prefs);
      out->resize(at + n);
      return;
    }
  }
}

uint8_t* ChunkBuffer::reserve(size_t size) {
  if (size > capacity_ || !bytes_) {
    bytes_.reset(new (std::nothrow) uint8_t[size ? size : 1]);
    capacity_ = bytes_ ? size : 0;
  }
  return bytes_.get();
}

bool decompress(const std::string& name, const void* data, size_t size, size_t uncompressed_size,
                ChunkBuffer* out, std::string* error) {
  uint8_t* dst = out->reserve(uncompressed_size);
  if (!dst) {
    *error = "no memory for " + std::to_string(uncompressed_size) + " bytes of chunk records";
    return false;
  }
  if (name == "zstd") return decompress_zstd(data, size, dst, uncompressed_size, error);
  if (name == "lz4") return decompress_lz4(data, size, dst, uncompressed_size, error);
  *error = "unknown compression '" + name + "' (this reader knows zstd and lz4)";
  return false;
}

}  // namespace dmxp::cli::mcap
