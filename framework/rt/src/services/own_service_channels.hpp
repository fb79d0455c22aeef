// own_service_channels.hpp - removing the channels of the services a node offers under its
// own name (its parameter service, its lifecycle services) when the node goes away.
#pragma once

#include <initializer_list>
#include <string_view>

#include "dmxp/rt/extension.hpp"

namespace dmxp::rt::detail {

// Removes the request and response channels of each service (as written, e.g. "~/_parameters")
// unless another live node of the same full name (a duplicate, or a restart already running)
// still uses them. Call it after the services were detached. Nothing happens without a graph
// registry: then nobody can tell whether another node still uses them.
void remove_own_service_channels(const NodeCore& node, std::initializer_list<std::string_view> services);

}  // namespace dmxp::rt::detail
