// default_bytes.hpp - the .msg defaults of a message as the bytes its fields hold, offsets
// from the message's first byte: what a binding writes over a zeroed message so that it
// matches the C++ T() byte for byte. The Python (DEFAULTS), Rust (Default), Go (New<Type>)
// and TypeScript (defaults()) emitters write this one list in their own syntax.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../model.hpp"

namespace dmxp::msgc {

// (offset, little-endian bytes) of one default value: a scalar, a string's uint32 size and
// bytes (the rest of its storage stays zero), or a bounded sequence's uint32 size.
using DefaultPatch = std::pair<uint64_t, std::string>;

// Every default of m and of the messages m holds (nested fields, and every element of arrays
// of messages, bounded ones too: C++ constructs class-type elements even under skip_init),
// in field order. Empty when m has none.
std::vector<DefaultPatch> default_patches(const model::Message& m);

// bytes as "\xHH" escapes, one per byte: the inside of a Rust byte string, a Go string or a
// Python bytes literal.
std::string hex_escaped(const std::string& bytes);

}  // namespace dmxp::msgc
