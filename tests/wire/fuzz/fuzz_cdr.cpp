// fuzz_cdr.cpp - libFuzzer target for the CDR codec (framework/wire). Input:
//   byte 0 < kTypes:  CDR (bytes 1..) decoded as that standard type (fuzz_types.hpp); when it
//                     decodes, encode -> decode -> encode must give the same bytes twice;
//                     the same bytes are also encoded as a raw DMXP message (hostile size
//                     words in shared memory)
//   byte 0 >= kTypes: a descriptor (a hostile one from shared memory), a NUL byte, then CDR
//                     that is decoded with it, and a message of zeros and of the input's bytes
//                     encoded with it
// Every error must be an error: a crash, an out-of-bounds access (ASan), undefined behaviour
// (UBSan), a leak or a hang is a bug. tools/scripts/fuzz-cdr.sh runs it.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include <dmxp/wire/cdr.hpp>

#include "fuzz_types.hpp"

namespace {

using dmxp::wire::CdrCodec;

// Messages the descriptor-mode may allocate; larger ones are compiled and not exercised.
constexpr size_t kMaxFuzzMessage = size_t(1) << 20;

struct Typed {
  CdrCodec codec;
  std::vector<std::byte> a, b;  // message buffers, reused (decode needs no zeroing)
};

std::vector<Typed>& typed() {
  static std::vector<Typed> all = [] {
    std::vector<Typed> v;
    for (std::string_view d : cdr_fuzz::kDescriptors) {
      auto c = CdrCodec::from_descriptor(d);
      if (!c.ok()) std::abort();  // a standard type must compile
      size_t n = c.value().message_size();
      v.push_back(Typed{std::move(c).value(), std::vector<std::byte>(n), std::vector<std::byte>(n)});
    }
    return v;
  }();
  return all;
}

void round_trip(Typed& t, std::span<const std::byte> cdr) {
  if (!t.codec.decode(cdr, t.a.data()).ok()) return;
  std::vector<std::byte> first, second;
  if (!t.codec.encode(t.a.data(), first).ok()) std::abort();   // what decoded must encode
  if (!t.codec.decode(first, t.b.data()).ok()) std::abort();   // and decode again
  if (!t.codec.encode(t.b.data(), second).ok()) std::abort();
  if (first != second) std::abort();                           // to the same bytes
}

void raw_message(Typed& t, std::span<const std::byte> bytes) {
  std::memset(t.a.data(), 0, t.a.size());
  std::memcpy(t.a.data(), bytes.data(), std::min(bytes.size(), t.a.size()));
  std::vector<std::byte> out;
  (void)t.codec.encode(t.a.data(), out);
}

void hostile(std::span<const std::byte> in) {
  auto* p = reinterpret_cast<const char*>(in.data());
  const char* nul = static_cast<const char*>(std::memchr(p, 0, in.size()));
  size_t dlen = nul ? size_t(nul - p) : in.size();
  auto c = CdrCodec::from_descriptor(std::string_view(p, dlen));
  if (!c.ok() || c.value().message_size() > kMaxFuzzMessage) return;
  const CdrCodec& codec = c.value();
  std::span<const std::byte> cdr = nul ? in.subspan(dlen + 1) : std::span<const std::byte>{};
  std::vector<std::byte> msg(codec.message_size()), out;
  (void)codec.decode(cdr, msg.data());
  (void)codec.encode(msg.data(), out);
  std::memset(msg.data(), 0, msg.size());
  std::memcpy(msg.data(), cdr.data(), std::min(cdr.size(), msg.size()));
  out.clear();
  (void)codec.encode(msg.data(), out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::span<const std::byte> rest(reinterpret_cast<const std::byte*>(data) + 1, size - 1);
  if (data[0] < cdr_fuzz::kTypes) {
    Typed& t = typed()[data[0]];
    round_trip(t, rest);
    raw_message(t, rest);
  } else {
    hostile(rest);
  }
  return 0;
}
