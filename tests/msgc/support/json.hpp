// json.hpp - the tests read descriptors with the dmxp CLI's JSON reader (tools/cli/decode).
#pragma once

#include "decode/json.hpp"

namespace msgc_test {
namespace json = dmxp::cli::json;
}  // namespace msgc_test
