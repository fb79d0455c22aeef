// python_defaults.hpp - the defaults of a message as the bytes its fields hold, for the
// Python emitter's DEFAULTS: what a Python loan writes over the zeroed fields so that it
// matches the C++ T(dmxp::msg::skip_init) byte for byte (bindings/python, docs/python.md).
#pragma once

#include <string>

#include "../model.hpp"

namespace dmxp::msgc::python {

// A Python tuple expression `((offset, b"..."), ...)`: every default of m and of the messages
// m holds (nested fields, and every element of arrays of messages, bounded ones too: C++
// constructs class-type elements even under skip_init), offsets from m's first byte,
// little-endian bytes. "()" when m has none. The same list serves T() and T(skip_init).
std::string defaults_tuple(const model::Message& m);

}  // namespace dmxp::msgc::python
