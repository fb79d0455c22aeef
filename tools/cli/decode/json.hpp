// json.hpp - the CLI's name for the JSON reader of libdmxp_wire (dmxp/wire/json.hpp): json::.
#pragma once

#include <dmxp/wire/json.hpp>

namespace dmxp::cli {
namespace json = dmxp::wire::json;
}  // namespace dmxp::cli
