// type_lookup.hpp - the DMXP type an imported DDS topic is published as: the type of the
// topic's channel when it exists (it must be the DDS writer's type), else the installed
// message package's type (dmxp-msgc compiles the .msg file at run time, as `dmxp topic pub`
// does for a new topic).
#pragma once

#include <optional>
#include <string>

#include "dmxp/rt/generic.hpp"

namespace dmxp_bridge {

// dmxp_type: "pkg/Type". nullopt with *error saying why (another type on the channel, an
// unknown type, a .msg file that does not compile).
std::optional<dmxp::rt::GenericType> import_type(const dmxp::rt::Node& node, const std::string& topic,
                                                 const std::string& dmxp_type, std::string* error);

// name, fingerprint and size read from a layout descriptor (dmxp.msg.layout/1).
std::optional<dmxp::rt::GenericType> generic_type_of(const std::string& descriptor, std::string* error);

}  // namespace dmxp_bridge
