// bounded_string.hpp - a string field of a generated message: a length and up to C bytes,
// stored inline (see bounded_storage.hpp for the bytes). Not NUL-terminated: read it with
// view() or str(). The length read back is clamped to C, so a corrupt or hostile writer in
// another process can never make a reader run past the field.
//
//   msg.frame_id = "map";                      // throws CapacityError when longer than C
//   if (!msg.frame_id.try_assign(name)) ...    // the same without throwing
//   std::string_view id = msg.frame_id.view();
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "dmxp/msg/bounded_storage.hpp"
#include "dmxp/msg/capacity_error.hpp"

namespace dmxp::msg {

template <uint32_t C>
class BoundedString : public detail::Storage<char, C> {
  static_assert(C > 0, "a string field needs a capacity of at least 1 byte");
  using Base = detail::Storage<char, C>;

 public:
  static constexpr uint32_t kCapacity = C;

  constexpr BoundedString() noexcept : Base{} {}
  explicit BoundedString(SkipInit) noexcept { clear_header_and_tail(); }
  // Implicit on purpose, so that `msg.name = "x"` and defaults read naturally; throws
  // CapacityError when s does not fit.
  BoundedString(std::string_view s) : Base{} { assign(s); }
  BoundedString(const char* s) : BoundedString(std::string_view(s)) {}  // {"a", "b"} lists
  BoundedString& operator=(std::string_view s) { assign(s); return *this; }
  BoundedString& operator=(const char* s) { assign(s); return *this; }

  [[nodiscard]] bool try_assign(std::string_view s) noexcept {
    if (s.size() > C) return false;
    if (!s.empty()) std::memcpy(this->items, s.data(), s.size());
    this->header.size = uint32_t(s.size());
    return true;
  }
  void assign(std::string_view s) {
    if (!try_assign(s)) throw CapacityError("a string", s.size(), C);
  }
  void clear() noexcept { this->header.size = 0; }

  uint32_t size() const noexcept { return this->header.size < C ? this->header.size : C; }
  bool empty() const noexcept { return size() == 0; }
  static constexpr uint32_t capacity() noexcept { return C; }
  const char* data() const noexcept { return this->items; }
  char* data() noexcept { return this->items; }
  std::string_view view() const noexcept { return {this->items, size()}; }
  std::string str() const { return std::string(view()); }
  operator std::string_view() const noexcept { return view(); }
  friend bool operator==(const BoundedString& a, std::string_view b) noexcept {
    return a.view() == b;
  }

 private:
  void clear_header_and_tail() noexcept {
    this->header = {};
    if constexpr (detail::tail_bytes<char, C>() > 0) std::memset(this->tail, 0, sizeof(this->tail));
  }
};

}  // namespace dmxp::msg
