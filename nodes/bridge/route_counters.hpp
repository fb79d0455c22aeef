// route_counters.hpp - what one route (a topic in one direction) counts. Written by the thread
// that moves the messages (the export thread for exports, a Cyclone receive thread for imports),
// read by the node's stats timer.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace dmxp_bridge {

struct RouteCounters {
  std::atomic<uint64_t> forwarded{0};
  std::atomic<uint64_t> oversized{0};
  std::atomic<uint64_t> malformed{0};
  std::atomic<uint64_t> lost{0};
  std::atomic<uint64_t> looped{0};

  void set_last_error(std::string e) {
    std::lock_guard lock(mu_);
    last_error_ = std::move(e);
  }
  std::string last_error() const {
    std::lock_guard lock(mu_);
    return last_error_;
  }

 private:
  mutable std::mutex mu_;
  std::string last_error_;
};

}  // namespace dmxp_bridge
