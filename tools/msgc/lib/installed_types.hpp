// installed_types.hpp - layout descriptors of message types that no channel holds yet,
// compiled from the installed .msg packages (for `dmxp topic pub` on a new topic, and for
// dmxp-bridge importing a DDS topic). Packages are found in $DMXP_MSGS_DIR, else
// <prefix>/share/dmxp/msgs beside the running binary, else the source tree.
#pragma once

#include <string>

namespace dmxp::msgc {

// type: "pkg/Type" or "pkg/msg/Type". False with *error naming the type and where it looked,
// or the .msg file's own errors.
bool descriptor_of_installed_type(const std::string& type, std::string* descriptor, std::string* error);

}  // namespace dmxp::msgc
