// cdr_test_support.hpp - helpers for the CDR codec tests: hex text <-> bytes, and a codec
// made from a generated type's descriptor.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <dmxp/wire/cdr.hpp>

namespace cdr_test {

// "00 01 00 00 03" -> bytes (spaces ignored).
std::vector<std::byte> bytes(const std::string& hex);
// bytes -> "00 01 00 00 03".
std::string hex(const std::vector<std::byte>& b);

template <class T>
dmxp::wire::CdrCodec codec() {
  auto c = dmxp::wire::CdrCodec::from_descriptor(T::kDescriptor);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().what());
  return std::move(c).value();
}

// A zeroed message on the heap (Image is 25 MB).
template <class T>
std::unique_ptr<T> make() {
  return std::make_unique<T>();
}

}  // namespace cdr_test
