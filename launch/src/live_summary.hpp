// live_summary.hpp - what `dmxp-launch --summary S` prints every S seconds: each topic
// channel of the domain with its type, message rate since the last summary and live
// publishers/subscribers, then the latest latency report of every topic carrying
// dmxp_nodes_msgs/LatencyReport (the latency probe's, the controller's sensor-to-command
// latency).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"

namespace dmxp::launch {

class LiveSummary {
 public:
  explicit LiveSummary(std::string domain) : domain_(std::move(domain)) {}
  std::vector<std::string> report(double elapsed_s);
  // Reads the latency topics up to their newest report (call often: the readers sit on
  // reliable channels, where a reader a ring behind holds the publisher back).
  void drain();

 private:
  std::string latency_line(const std::string& topic) const;

  std::string domain_;
  std::map<std::string, uint64_t> published_;        // channel -> count at the last report
  std::map<std::string, Consumer> latency_readers_;  // topic -> its reader
  std::map<std::string, std::vector<unsigned char>> latest_;  // topic -> newest report
};

}  // namespace dmxp::launch
