// recording_channel.hpp - how a DMXP channel is described in an MCAP file, so that `dmxp play`
// can recreate it: the channel record's metadata keys, written by record and read by play.
//   dmxp.channel      "t.scan"           dmxp.mode         "broadcast" | "queue"
//   dmxp.backpressure "reliable" | ...   dmxp.capacity     "1024"
//   dmxp.slot_size    "4032"             dmxp.fingerprint  "0x3f2a..." (typed channels)
//   dmxp.descriptor   the layout descriptor, when messages are CDR (the schema is then the
//                     ROS 2 .msg text): play decodes with it and creates the channel typed
#pragma once

#include <map>
#include <string>

#include "dmxp/dmxp.h"

namespace dmxp::cli {

inline constexpr const char* kDescriptorKey = "dmxp.descriptor";

std::map<std::string, std::string> recording_metadata(const dmxp_channel_info& info);

// Channel options to recreate a recorded channel (strings must outlive the options).
struct RecordedChannel {
  std::string channel;  // from dmxp.channel, else the topic's channel
  std::string type_name;
  dmxp_channel_options options;
};
// False with *error when the metadata holds values that are not numbers or names.
bool recorded_channel(const std::string& topic, const std::map<std::string, std::string>& metadata,
                      RecordedChannel* out, std::string* error);

}  // namespace dmxp::cli
