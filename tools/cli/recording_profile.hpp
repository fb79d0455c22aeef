// recording_profile.hpp - how a recording represents each topic (docs/recording.md):
//   ros2    (default) typed topics as ROS 2 does: CDR messages (message encoding "cdr") with
//           "ros2msg" schemas named "pkg/msg/Type", the MCAP profile "ros2", so Foxglove, the
//           mcap tools and rosbags decode them; the DMXP layout descriptor rides along in the
//           channel metadata ("dmxp.descriptor") so `dmxp play` rebuilds the exact messages.
//           Untyped channels (raw bytes, no type) stay as they are (encoding "x-dmxp").
//   native  every topic as its slot bytes (encoding "x-dmxp", schema = the layout descriptor,
//           "x-dmxp-layout"): exact bytes, zero conversion, for DMXP's own tools.
#pragma once

#include <string>

#include "dmxp/dmxp.h"
#include "recording_topics.hpp"

namespace dmxp::cli {

enum class RecordingProfile { Ros2, Native };

// "ros2" | "native"; false for anything else.
bool parse_recording_profile(const std::string& name, RecordingProfile* out);
// The MCAP header's profile: "ros2" or "x-dmxp".
const char* mcap_profile(RecordingProfile p);

// How the topic of this channel is recorded. A typed topic that the ros2 profile cannot
// convert (its descriptor does not compile into a CDR codec) is recorded natively, with *note
// saying why; *note is "" otherwise.
RecordedTopic recorded_topic(const std::string& topic, const dmxp_channel_info& info, const std::string& descriptor,
                             RecordingProfile profile, std::string* note);

}  // namespace dmxp::cli
