// field_probe.hpp - one numeric field of a message read straight from its bytes, located once
// from the layout descriptor: what the dashboard plots over time ("pose.pose.position.x",
// "ranges[10]", "poses[0].pose.position.y") without decoding the rest of the message (an
// Image is megabytes; its "height" is four bytes at a fixed offset).
//
//   FieldProbe p = FieldProbe::locate(descriptor, "twist.twist.linear.x");   // throws
//   std::optional<double> v = p.read(slot, size);   // nullopt: index past a sequence's size
//
// Paths are `dmxp topic echo --field`'s (decode/value_path.hpp). Every offset is checked
// against the message size when located, so read() never leaves the message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmxp/wire/json.hpp"

namespace dmxp::foxglove {

class FieldProbe {
 public:
  // Throws std::runtime_error naming the path and the type when the path does not lead to a
  // numeric or bool scalar of the descriptor's type ("'header.frame_id' of std_msgs/Header
  // is a string, not a number").
  static FieldProbe locate(const dmxp::wire::json::Value& descriptor, std::string_view path);

  // The value in a message of size bytes (the type's size at least); nullopt when an index
  // lies past a bounded sequence's current size or the message is too short.
  std::optional<double> read(const void* message, size_t size) const;

  const std::string& path() const { return path_; }
  const std::string& scalar_type() const { return type_; }  // "float64", "bool", ...
  size_t offset() const { return offset_; }

  // Every numeric scalar path of the type outside arrays (for the dashboard's field list),
  // in field order, at most limit of them.
  static std::vector<std::string> scalar_paths(const dmxp::wire::json::Value& descriptor, size_t limit);

 private:
  struct SizeCheck {  // a bounded sequence's size word, and the index the path takes in it
    size_t length_offset;
    uint64_t index;
  };
  std::string path_, type_;
  size_t offset_ = 0, end_ = 0;  // end_: bytes the message must have
  std::vector<SizeCheck> checks_;
};

}  // namespace dmxp::foxglove
