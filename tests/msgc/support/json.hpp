// json.hpp - the tests read descriptors with the JSON reader of libdmxp_wire (dmxp/wire/json.hpp).
#pragma once

#include <dmxp/wire/json.hpp>

namespace msgc_test {
namespace json = dmxp::wire::json;
}  // namespace msgc_test
