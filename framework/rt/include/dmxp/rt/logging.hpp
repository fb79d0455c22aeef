// logging.hpp - node loggers: spdlog loggers named by the node's full name, writing to one
// shared stderr sink ("[12:00:00.123] [info] [/robot/lidar] message").
//
//   node.logger().info("scan with {} rays", n);
//
// Levels: from NodeOptions::log_level, else `--log-level [node:=]level` (the last matching
// rule wins), else $DMXP_LOG_LEVEL, else info. Node::set_log_level changes it at runtime.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace dmxp::rt {

// A logger for one node (not registered in spdlog's global registry: two nodes may share a
// name). level: "" = $DMXP_LOG_LEVEL or info.
std::shared_ptr<spdlog::logger> make_node_logger(const std::string& full_name,
                                                 const std::string& level);
// "warn" -> spdlog::level::warn; unknown text -> info.
spdlog::level::level_enum parse_log_level(const std::string& level);

}  // namespace dmxp::rt
