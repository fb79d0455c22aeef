// DMXP fixed layout -> CDR. Two passes over the plan with one walk: the first only counts
// the bytes, so the output grows once (zeroed: every padding byte is 0), the second writes.
// The message may live in a ring slot another process writes, so every size word is read
// with its capacity checked, and the second pass checks each write against the first pass's
// total: a message that changes in between gives an error, never a write past the end.
#include <bit>

#include "cdr_walk.hpp"
#include "field_path.hpp"

namespace dmxp::wire::detail {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the DMXP layout and the CDR this writes are little-endian");

class Encoder {
 public:
  explicit Encoder(const Plan& plan) : plan_(plan) {}

  // kWrite false: counts pos_ only; true: writes at out_ + pos_, at most end_ bytes.
  template <bool kWrite>
  bool walk(const Steps& steps, const std::byte* base, const Trail* trail) {
    for (const Step& s : steps.list) {
      switch (s.kind) {
        case Step::Kind::Primitives:
          if (!primitives<kWrite>(s, base + s.offset, s.count)) return false;
          break;
        case Step::Kind::String:
          if (!string<kWrite>(s, base, trail)) return false;
          break;
        case Step::Kind::Sequence: {
          uint32_t n = load_u32(base + s.length_offset);
          if (n > s.capacity) return oversized(s, trail, n, "elements");
          pos_ = align_up(pos_, 4);
          if (kWrite) {
            if (!room(4)) return false;
            store_u32(out_ + pos_, n);
          }
          pos_ += 4;
          if (!elements<kWrite>(s, base, n, trail)) return false;
          break;
        }
        case Step::Kind::Array:
          if (!elements<kWrite>(s, base, s.count, trail)) return false;
          break;
        case Step::Kind::EmptyStruct:  // its uint8 is 0: the zeroed output already has it
          if (kWrite && !room(1)) return false;
          pos_ += 1;
          break;
      }
    }
    return true;
  }

  size_t pos_ = 0;
  std::byte* out_ = nullptr;
  size_t end_ = 0;
  std::string error_;

 private:
  bool room(size_t n) {
    if (n <= end_ - pos_ && pos_ <= end_) return true;
    error_ = "the message changed while it was encoded (a writer still holds its slot?)";
    return false;
  }

  template <bool kWrite>
  bool primitives(const Step& s, const std::byte* from, size_t n) {
    if (n == 0) return true;  // an empty sequence has no alignment padding either
    pos_ = align_up(pos_, s.size);
    size_t bytes = n * s.size;
    if (kWrite) {
      if (!room(bytes)) return false;
      if (s.boolean) {
        for (size_t i = 0; i < n; ++i) out_[pos_ + i] = std::byte(from[i] != std::byte{0});
      } else {
        std::memcpy(out_ + pos_, from, bytes);
      }
    }
    pos_ += bytes;
    return true;
  }

  template <bool kWrite>
  bool string(const Step& s, const std::byte* base, const Trail* trail) {
    uint32_t n = load_u32(base + s.length_offset);
    if (n > s.capacity) return oversized(s, trail, n, "bytes");
    pos_ = align_up(pos_, 4);
    if (kWrite) {
      if (!room(size_t(4) + n + 1)) return false;
      store_u32(out_ + pos_, n + 1);
      std::memcpy(out_ + pos_ + 4, base + s.offset, n);  // the NUL after it is zero already
    }
    pos_ += size_t(4) + n + 1;
    return true;
  }

  template <bool kWrite>
  bool elements(const Step& s, const std::byte* base, uint32_t n, const Trail* trail) {
    if (!s.element) return primitives<kWrite>(s, base + s.offset, n);
    for (uint32_t i = 0; i < n; ++i) {
      Trail here{trail, &s, i};
      if (!walk<kWrite>(*s.element, base + s.offset + uint64_t(i) * s.stride, &here)) return false;
    }
    return true;
  }

  bool oversized(const Step& s, const Trail* trail, uint32_t n, const char* unit) {
    error_ = "field '" + field_path(plan_, trail, s) + "' has size " + std::to_string(n) +
             " in the DMXP message, above its capacity of " + std::to_string(s.capacity) + " " +
             unit + " (a corrupt message)";
    return false;
  }

  const Plan& plan_;
};

}  // namespace

Status encode_message(const Plan& plan, const void* message, std::vector<std::byte>& out) {
  auto* base = static_cast<const std::byte*>(message);
  Encoder e(plan);
  auto fail = [&] { return Error(DMXP_ERR_CORRUPT, "CDR encode of " + plan.type_name + ": " + e.error_); };
  if (!e.walk<false>(plan.top, base, nullptr)) return fail();
  size_t start = out.size();
  out.resize(start + 4 + e.pos_);
  out[start + 1] = std::byte{0x01};  // 00 01 00 00: CDR, little-endian, no options
  e.out_ = out.data() + start + 4;
  e.end_ = e.pos_;
  e.pos_ = 0;
  if (!e.walk<true>(plan.top, base, nullptr)) {
    out.resize(start);
    return fail();
  }
  return Unit{};
}

}  // namespace dmxp::wire::detail
