// detail/type_info.hpp - TypeInfo and type_info_of<T>() are public, in extension.hpp.
#pragma once

#include "dmxp/rt/extension.hpp"
