#include "output.hpp"

#include <cstdio>

namespace dmxp::cli {

std::string json_escape(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  return out + "\"";
}

const char* mode_name(dmxp_mode mode) { return mode == DMXP_MODE_QUEUE ? "queue" : "broadcast"; }
const char* backpressure_name(dmxp_backpressure bp) {
  return bp == DMXP_KEEP_LAST ? "keep-last" : "reliable";
}

int report_error(const std::string& context, int status) {
  const char* detail = dmxp_last_error();
  std::fprintf(stderr, "dmxp: %s: %s%s%s\n", context.c_str(), dmxp_strerror(status),
               detail && *detail ? ": " : "", detail ? detail : "");
  return 1;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "dmxp: %s (try 'dmxp --help')\n", message.c_str());
  return 2;
}

}  // namespace dmxp::cli
