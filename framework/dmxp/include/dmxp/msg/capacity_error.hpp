// capacity_error.hpp - what a checked setter of a generated message throws when a value does
// not fit its field's fixed capacity. The try_ forms return false instead (for the data path);
// nothing ever truncates silently.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace dmxp::msg {

class CapacityError : public std::length_error {
 public:
  CapacityError(const char* what_kind, uint64_t wanted, uint64_t capacity)
      : std::length_error(std::string(what_kind) + " of " + std::to_string(wanted) +
                          " exceeds the field's capacity of " + std::to_string(capacity)),
        wanted_(wanted),
        capacity_(capacity) {}
  uint64_t wanted() const { return wanted_; }
  uint64_t capacity() const { return capacity_; }

 private:
  uint64_t wanted_;
  uint64_t capacity_;
};

// Tag for the constructor that leaves the storage of bounded strings and sequences
// uninitialized (sizes are still zero, scalars still get their defaults): for constructing
// a large message (an image) in a loaned slot without writing every byte twice.
struct SkipInit {
  explicit constexpr SkipInit() = default;
};
inline constexpr SkipInit skip_init{};

}  // namespace dmxp::msg
