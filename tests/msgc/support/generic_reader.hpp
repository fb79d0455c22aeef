// generic_reader.hpp - the tests decode messages with the dmxp CLI's generic reader
// (tools/cli/decode/generic_reader.hpp): bytes plus layout descriptor, no generated code.
#pragma once

#include "decode/generic_reader.hpp"
#include "json.hpp"

namespace msgc_test {
using dmxp::cli::GenericReader;
}  // namespace msgc_test
