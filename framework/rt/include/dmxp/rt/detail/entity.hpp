// detail/entity.hpp - the runtime's private code reaches Entity, EntityHandle, NodeCore and
// TypeInfo through here; they are public, in extension.hpp.
#pragma once

#include "dmxp/rt/extension.hpp"
