// options.hpp - dmxp_channel_options and dmxp_consumer_options from Python keyword arguments.
//
// Channel keywords: domain, mode ("broadcast" | "queue"), backpressure ("reliable" |
// "keep_last"), capacity, slot_size, msg_type (a generated message class: its fingerprint,
// type name and layout descriptor), permissions, max_consumers, max_producers, create,
// stall_timeout (seconds). Consumer keywords: name (durable cursor), start ("oldest" |
// "newest"), spin (seconds of busy-poll before sleeping; -1 = never sleep).
// Unknown keywords and bad values raise dmxp.InvalidArgumentError naming the keyword.
#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include "dmxp/dmxp.h"

namespace dmxp::py {

// Owns the strings the C structs point to.
struct ChannelOptions {
  dmxp_channel_options c{};
  std::string domain, type_name, descriptor;
};
struct ConsumerOptions {
  dmxp_consumer_options c{};
  std::string name;
};

// Takes the channel keywords out of kwargs (they are removed from it).
ChannelOptions channel_options(pybind11::dict& kwargs);
ConsumerOptions consumer_options(pybind11::dict& kwargs);
// Raises when kwargs still holds a keyword nobody took.
void reject_unknown(const pybind11::dict& kwargs, const char* what);
// The channel name for a str or an int id.
std::string channel_name(const pybind11::handle& channel);

}  // namespace dmxp::py
