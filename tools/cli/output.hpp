// output.hpp - printing helpers shared by the verbs: JSON string escaping and a one-line
// error convention ("dmxp: <what>") with a non-zero exit code.
#pragma once

#include <string>

#include "dmxp/dmxp.h"

namespace dmxp::cli {

std::string json_escape(const std::string& s);
const char* mode_name(dmxp_mode mode);
const char* backpressure_name(dmxp_backpressure bp);
// Prints "dmxp: <context>: <status text>: <detail>" to stderr and returns exit code 1.
int report_error(const std::string& context, int status);
int usage_error(const std::string& message);

}  // namespace dmxp::cli
