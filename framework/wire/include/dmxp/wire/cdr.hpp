// cdr.hpp - ROS 2's wire format (CDR, XCDR1) for any DMXP message type, driven by the layout
// descriptor that every typed channel stores ("dmxp.msg.layout/1", docs/messages.md), so a
// tool or a bridge converts a type at run time without its generated code.
//
//   auto codec = dmxp::wire::CdrCodec::from_descriptor(descriptor_json).value();
//   std::vector<std::byte> cdr;
//   codec.encode(slot, cdr);                 // DMXP fixed layout -> CDR (appended)
//   dmxp::Status s = codec.decode(cdr, slot); // CDR (either byte order) -> DMXP fixed layout
//
// The mapping (docs/wire.md): a 4-byte encapsulation header (00 01 00 00 when encoding), then
// the fields in order with alignment counted from after the header, each primitive aligned
// to its size (at most 8); strings as a uint32 length that counts the terminating NUL, the
// bytes and the NUL; T[] and T[<=N] as a uint32 count then the elements; T[N] as the
// elements alone; nested messages inline. No trailing padding is added.
//
// The descriptor is compiled once into a plan (flat steps, adjacent primitives merged into
// one copy), and every offset in it is checked against the message size at construction, so
// a hostile descriptor from shared memory gives an error there and encode/decode never touch
// a byte outside the message or the buffer.
//
// Errors (dmxp::Error, nothing throws): a bad descriptor is DMXP_ERR_INVALID_ARGUMENT (an
// element type the codec cannot map: DMXP_ERR_UNSUPPORTED); on decode, a string or sequence
// longer than the DMXP type's capacity is DMXP_ERR_TOO_LARGE and malformed CDR (truncated,
// a length pointing past the end, an unknown encapsulation, a bool byte other than 0/1, a
// string without its NUL) is DMXP_ERR_CORRUPT; on encode, a DMXP size word above its
// capacity is DMXP_ERR_CORRUPT. Each message names the type, the field path
// ("poses[3].header.frame_id"), the byte offset in the CDR buffer and the sizes involved.
// Nothing is truncated silently: a message that does not fit is an error, and the caller
// counts it (the bridge never publishes it).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmxp/dmxp.hpp"

namespace dmxp::wire {

namespace detail {
struct Plan;
}  // namespace detail

class CdrCodec {
 public:
  // Parses and validates a "dmxp.msg.layout/1" descriptor and compiles its plan.
  static Result<CdrCodec> from_descriptor(std::string_view descriptor_json);

  CdrCodec(CdrCodec&&) noexcept;
  CdrCodec& operator=(CdrCodec&&) noexcept;
  ~CdrCodec();

  const std::string& type_name() const;      // DMXP's name: "pkg/Type", "pkg/srv/S_Request"
  const std::string& ros_type_name() const;  // ROS 2's: "pkg/msg/Type", "pkg/srv/S_Request"
  // "RIHS01_<64 hex>" as dmxp-msgc stored it in the descriptor; "" for descriptors written
  // before type hashes (the bridge then announces none).
  const std::string& ros_type_hash() const;
  size_t message_size() const;  // bytes of the DMXP fixed layout

  // Appends the CDR of the message (message_size() readable bytes) to out, header included.
  // On error, out keeps its previous contents.
  Status encode(const void* message, std::vector<std::byte>& out) const;

  // Decodes CDR (little- or big-endian; bytes after the last field are ignored: padding)
  // into message (message_size() writable bytes). Writes every field and every size word;
  // the bytes of a string or sequence beyond its size and the padding between fields are
  // left as they were (zero them first for byte-exact copies). On error the message is
  // partly written and must not be published.
  Status decode(std::span<const std::byte> cdr, void* message) const;

 private:
  explicit CdrCodec(std::unique_ptr<detail::Plan> plan);
  std::unique_ptr<detail::Plan> plan_;
};

}  // namespace dmxp::wire
