// bounded_sequence.hpp - an array field with a fixed capacity N and a current size, stored
// inline (see bounded_storage.hpp for the bytes): T[<=N], or T[] given a capacity.
// size() is clamped to N, so a corrupt or hostile writer in another process can never make a
// reader run past the field. Growing past N throws CapacityError, or returns false from the
// try_ forms; nothing is ever truncated silently.
//
//   for (float r : scan.ranges) ...                  // reads [0, size())
//   scan.ranges.assign(values);                      // throws when values.size() > N
//   if (!scan.ranges.try_push_back(r)) ...           // data path: no exception
#pragma once

#include <cstring>
#include <initializer_list>
#include <span>
#include <stdexcept>

#include "dmxp/msg/bounded_storage.hpp"
#include "dmxp/msg/capacity_error.hpp"

namespace dmxp::msg {

template <class T, uint32_t N>
class BoundedSequence : public detail::Storage<T, N> {
  static_assert(N > 0, "a sequence field needs a capacity of at least 1 element");
  using Base = detail::Storage<T, N>;

 public:
  using value_type = T;
  static constexpr uint32_t kCapacity = N;

  constexpr BoundedSequence() noexcept : Base{} {}
  explicit BoundedSequence(SkipInit) noexcept { clear_header_and_tail(); }
  BoundedSequence(std::initializer_list<T> values) : Base{} { assign(values); }

  [[nodiscard]] bool try_assign(std::span<const T> values) noexcept {
    if (values.size() > N) return false;
    for (size_t i = 0; i < values.size(); ++i) this->items[i] = values[i];
    this->header.size = uint32_t(values.size());
    return true;
  }
  void assign(std::span<const T> values) {
    if (!try_assign(values)) throw CapacityError("a sequence", values.size(), N);
  }
  void assign(std::initializer_list<T> values) {
    assign(std::span<const T>(values.begin(), values.size()));
  }
  [[nodiscard]] bool try_push_back(const T& value) noexcept {
    if (this->header.size >= N) return false;
    this->items[this->header.size++] = value;
    return true;
  }
  void push_back(const T& value) {
    if (!try_push_back(value)) throw CapacityError("a sequence", uint64_t(size()) + 1, N);
  }
  // New elements keep whatever bytes the storage holds (zero unless built with SkipInit):
  // resize is how a writer claims room it then fills in place, e.g. an image's pixels.
  [[nodiscard]] bool try_resize(size_t n) noexcept {
    if (n > N) return false;
    this->header.size = uint32_t(n);
    return true;
  }
  void resize(size_t n) {
    if (!try_resize(n)) throw CapacityError("a size", n, N);
  }
  void clear() noexcept { this->header.size = 0; }

  uint32_t size() const noexcept { return this->header.size < N ? this->header.size : N; }
  bool empty() const noexcept { return size() == 0; }
  bool full() const noexcept { return size() == N; }
  static constexpr uint32_t capacity() noexcept { return N; }
  T* data() noexcept { return this->items; }
  const T* data() const noexcept { return this->items; }
  T* begin() noexcept { return this->items; }
  T* end() noexcept { return this->items + size(); }
  const T* begin() const noexcept { return this->items; }
  const T* end() const noexcept { return this->items + size(); }
  std::span<T> span() noexcept { return {this->items, size()}; }
  std::span<const T> span() const noexcept { return {this->items, size()}; }
  T& operator[](size_t i) noexcept { return this->items[i]; }
  const T& operator[](size_t i) const noexcept { return this->items[i]; }
  T& at(size_t i) { check(i); return this->items[i]; }
  const T& at(size_t i) const { check(i); return this->items[i]; }

 private:
  void check(size_t i) const {
    if (i >= size()) throw std::out_of_range("sequence index " + std::to_string(i) +
                                             " >= size " + std::to_string(size()));
  }
  void clear_header_and_tail() noexcept {
    this->header = {};
    if constexpr (detail::tail_bytes<T, N>() > 0) std::memset(this->tail, 0, sizeof(this->tail));
  }
};

}  // namespace dmxp::msg
