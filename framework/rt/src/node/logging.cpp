#include "dmxp/rt/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <cstdlib>

namespace dmxp::rt {

spdlog::level::level_enum parse_log_level(const std::string& level) {
  if (level == "warning") return spdlog::level::warn;
  auto l = spdlog::level::from_str(level);
  // from_str maps unknown text to off; an unknown level must not silence a node.
  return (l == spdlog::level::off && level != "off") ? spdlog::level::info : l;
}

std::shared_ptr<spdlog::logger> make_node_logger(const std::string& full_name,
                                                 const std::string& level) {
  // One sink for the process: lines of different nodes never interleave mid-line.
  static auto sink = [] {
    auto s = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    s->set_pattern("[%H:%M:%S.%e] [%^%l%$] [%n] %v");
    return s;
  }();
  auto logger = std::make_shared<spdlog::logger>(full_name, sink);
  std::string effective = level;
  if (effective.empty())
    if (const char* env = std::getenv("DMXP_LOG_LEVEL")) effective = env;
  logger->set_level(effective.empty() ? spdlog::level::info : parse_log_level(effective));
  logger->flush_on(spdlog::level::warn);
  return logger;
}

}  // namespace dmxp::rt
