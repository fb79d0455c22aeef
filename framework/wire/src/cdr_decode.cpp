// CDR -> DMXP fixed layout. The CDR comes from the network: every length is checked
// against the bytes left before it is used (DMXP_ERR_CORRUPT), then against the DMXP
// capacity (DMXP_ERR_TOO_LARGE), so nothing is read past the buffer or written past a field.
// Big-endian input is the same walk with each primitive swapped (kSwap).
#include <algorithm>
#include <cstdio>

#include "cdr_walk.hpp"
#include "field_path.hpp"

namespace dmxp::wire::detail {
namespace {

inline uint16_t bswap(uint16_t v) { return __builtin_bswap16(v); }
inline uint32_t bswap(uint32_t v) { return __builtin_bswap32(v); }
inline uint64_t bswap(uint64_t v) { return __builtin_bswap64(v); }

template <class T>
void swap_each(std::byte* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    v = bswap(v);
    std::memcpy(p + i * sizeof(T), &v, sizeof(T));
  }
}

void swap_elements(std::byte* p, size_t n, uint8_t size) {
  switch (size) {
    case 2: swap_each<uint16_t>(p, n); break;
    case 4: swap_each<uint32_t>(p, n); break;
    case 8: swap_each<uint64_t>(p, n); break;
    default: break;  // single bytes need no swap
  }
}

template <bool kSwap>
class Decoder {
 public:
  Decoder(const Plan& plan, const std::byte* data, size_t size)
      : plan_(plan), in_(data), size_(size) {}

  bool walk(const Steps& steps, std::byte* base, const Trail* trail) {
    for (const Step& s : steps.list) {
      switch (s.kind) {
        case Step::Kind::Primitives:
          if (!primitives(s, base + s.offset, s.count, trail)) return false;
          break;
        case Step::Kind::String:
          if (!string(s, base, trail)) return false;
          break;
        case Step::Kind::Sequence: {
          uint32_t n;
          if (!u32(s, trail, "its element count", n)) return false;
          // A count the buffer cannot hold is corrupt (every element takes a byte at least);
          // one it holds but the DMXP type cannot is too large.
          size_t least = s.element ? 1 : s.size;
          if (n > (size_ - pos_) / least)
            return corrupt(s, trail, "element count " + std::to_string(n) + " at offset " +
                                         std::to_string(at(pos_ - 4)) + " needs at least " +
                                         std::to_string(uint64_t(n) * least) + " bytes, " +
                                         std::to_string(size_ - pos_) + " remain");
          if (n > s.capacity)
            return too_large(s, trail, std::to_string(n) + " elements, above the DMXP capacity of " +
                                           std::to_string(s.capacity));
          store_u32(base + s.length_offset, n);
          if (!elements(s, base, n, trail)) return false;
          break;
        }
        case Step::Kind::Array:
          if (!elements(s, base, s.count, trail)) return false;
          break;
        case Step::Kind::EmptyStruct:  // its uint8 carries nothing
          if (pos_ >= size_) return truncated(s, trail, 0, pos_, 1);
          pos_ += 1;
          break;
      }
    }
    return true;
  }

  int status_ = DMXP_OK;
  std::string error_;

 private:
  // An offset in the whole buffer, header included (what a hex dump shows).
  static size_t at(size_t pos) { return pos + 4; }

  bool primitives(const Step& s, std::byte* to, size_t n, const Trail* trail) {
    if (n == 0) return true;  // an empty sequence has no alignment padding
    pos_ = std::min(align_up(pos_, s.size), size_);
    size_t bytes = n * s.size;
    if (bytes > size_ - pos_) {  // name the first element that is not all there
      size_t k = (size_ - pos_) / s.size;
      return truncated(s, trail, k, pos_ + k * s.size, s.size);
    }
    const std::byte* from = in_ + pos_;
    if (s.boolean) {
      for (size_t i = 0; i < n; ++i)
        if (uint8_t(from[i]) > 1)
          return corrupt(s, trail, i, "bool byte " + std::to_string(uint8_t(from[i])) + " at offset " +
                                          std::to_string(at(pos_ + i)) + ", expected 0 or 1");
    }
    std::memcpy(to, from, bytes);
    if constexpr (kSwap) swap_elements(to, n, s.size);
    pos_ += bytes;
    return true;
  }

  bool u32(const Step& s, const Trail* trail, const char* what, uint32_t& v) {
    pos_ = std::min(align_up(pos_, 4), size_);
    if (size_ - pos_ < 4)
      return corrupt(s, trail, std::string("the buffer ends at offset ") + std::to_string(at(size_)) +
                                   " before " + what + " at offset " + std::to_string(at(pos_)));
    v = load_u32(in_ + pos_);
    if constexpr (kSwap) v = bswap(v);
    pos_ += 4;
    return true;
  }

  bool string(const Step& s, std::byte* base, const Trail* trail) {
    uint32_t len;
    if (!u32(s, trail, "its length", len)) return false;
    size_t len_at = at(pos_ - 4);
    if (len > size_ - pos_)
      return corrupt(s, trail, "string length " + std::to_string(len) + " at offset " +
                                   std::to_string(len_at) + " points past the end of the buffer (" +
                                   std::to_string(size_ - pos_) + " bytes remain)");
    // CDR counts the NUL; a length of 0 (no NUL at all) is read as the empty string.
    uint32_t n = len == 0 ? 0 : len - 1;
    if (len != 0 && in_[pos_ + n] != std::byte{0})
      return corrupt(s, trail, "string of length " + std::to_string(len) + " at offset " +
                                   std::to_string(len_at) + " does not end with NUL");
    if (n > s.capacity)
      return too_large(s, trail, "string of " + std::to_string(n) + " bytes, above the DMXP capacity of " +
                                     std::to_string(s.capacity));
    std::memcpy(base + s.offset, in_ + pos_, n);
    store_u32(base + s.length_offset, n);
    pos_ += len;
    return true;
  }

  bool elements(const Step& s, std::byte* base, uint32_t n, const Trail* trail) {
    if (!s.element) return primitives(s, base + s.offset, n, trail);
    for (uint32_t i = 0; i < n; ++i) {
      Trail here{trail, &s, i};
      if (!walk(*s.element, base + s.offset + uint64_t(i) * s.stride, &here)) return false;
    }
    return true;
  }

  // Element `element` of s needs `bytes` bytes from position `from`.
  bool truncated(const Step& s, const Trail* trail, size_t element, size_t from, size_t bytes) {
    return corrupt(s, trail, element, "the buffer ends at offset " + std::to_string(at(size_)) +
                                          ", " + std::to_string(bytes) + " bytes needed from offset " +
                                          std::to_string(at(from)));
  }
  bool corrupt(const Step& s, const Trail* trail, size_t element, const std::string& what) {
    return fail(DMXP_ERR_CORRUPT, field_path(plan_, trail, s, element), what);
  }
  bool corrupt(const Step& s, const Trail* trail, const std::string& what) {
    return fail(DMXP_ERR_CORRUPT, field_path(plan_, trail, s), what);
  }
  bool too_large(const Step& s, const Trail* trail, const std::string& what) {
    return fail(DMXP_ERR_TOO_LARGE, field_path(plan_, trail, s), what);
  }
  bool fail(int status, const std::string& path, const std::string& what) {
    status_ = status;
    error_ = "field '" + path + "': " + what;
    return false;
  }

  const Plan& plan_;
  const std::byte* in_;
  size_t size_;
  size_t pos_ = 0;
};

template <bool kSwap>
Status run(const Plan& plan, std::span<const std::byte> body, void* message) {
  Decoder<kSwap> d(plan, body.data(), body.size());
  if (d.walk(plan.top, static_cast<std::byte*>(message), nullptr)) return Unit{};
  return Error(d.status_, "CDR decode of " + plan.type_name + ": " + d.error_);
}

}  // namespace

Status decode_message(const Plan& plan, std::span<const std::byte> cdr, void* message) {
  if (cdr.size() < 4)
    return Error(DMXP_ERR_CORRUPT, "CDR decode of " + plan.type_name + ": " + std::to_string(cdr.size()) +
                                       "-byte buffer, expected at least the 4-byte encapsulation header");
  uint8_t e0 = uint8_t(cdr[0]), e1 = uint8_t(cdr[1]);
  if (e0 == 0 && e1 == 1) return run<false>(plan, cdr.subspan(4), message);
  if (e0 == 0 && e1 == 0) return run<true>(plan, cdr.subspan(4), message);
  char hex[8];
  std::snprintf(hex, sizeof hex, "%02x %02x", e0, e1);
  return Error(DMXP_ERR_CORRUPT, "CDR decode of " + plan.type_name + ": encapsulation " + hex +
                                     ", expected 00 01 (CDR little-endian) or 00 00 (CDR big-endian): "
                                     "ROS 2 types are final, plain XCDR1");
}

}  // namespace dmxp::wire::detail
