// help.hpp - the usage text of the tool and of each verb ("dmxp topic echo --help").
#pragma once

#include <string>

namespace dmxp::cli {

// The text for "group verb" ("topic echo"), "group" ("topic") or "" (the whole tool);
// nullptr when there is none.
const char* help_text(const std::string& command);

}  // namespace dmxp::cli
