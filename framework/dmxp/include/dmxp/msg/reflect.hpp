// reflect.hpp - a table of a generated message's fields as the C++ compiler laid them out
// (offsetof/sizeof), one specialization of Reflect<T> per generated type. Tools and tests
// compare it with the layout descriptor that dmxp-msgc computed on its own.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace dmxp::msg {

struct FieldInfo {
  std::string_view name;
  size_t offset;
  size_t size;
};

// Specialized by every generated header:
//   static constexpr std::span<const FieldInfo> fields();
template <class T>
struct Reflect;

}  // namespace dmxp::msg
