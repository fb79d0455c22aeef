#include "recording_profile.hpp"

#include "mcap/format.hpp"
#include "recording_channel.hpp"
#include "dmxp/wire/ros2msg.hpp"

namespace dmxp::cli {

bool parse_recording_profile(const std::string& name, RecordingProfile* out) {
  if (name == "ros2") *out = RecordingProfile::Ros2;
  else if (name == "native") *out = RecordingProfile::Native;
  else return false;
  return true;
}

const char* mcap_profile(RecordingProfile p) { return p == RecordingProfile::Ros2 ? mcap::kRos2Profile : mcap::kProfile; }

RecordedTopic recorded_topic(const std::string& topic, const dmxp_channel_info& info, const std::string& descriptor,
                             RecordingProfile profile, std::string* note) {
  note->clear();
  RecordedTopic t{topic};
  t.message_encoding = mcap::kMessageEncoding;
  t.metadata = recording_metadata(info);
  if (descriptor.empty()) return t;  // untyped: raw bytes in every profile
  if (profile == RecordingProfile::Ros2) {
    Result<wire::CdrCodec> codec = wire::CdrCodec::from_descriptor(descriptor);
    Result<std::string> schema = codec ? wire::ros2msg_schema(descriptor) : Result<std::string>(codec.error());
    if (codec && schema) {
      t.schema_name = codec.value().ros_type_name();
      t.schema_encoding = mcap::kRos2SchemaEncoding;
      t.schema_data = std::move(schema).value();
      t.message_encoding = mcap::kCdrEncoding;
      t.metadata[kDescriptorKey] = descriptor;
      t.cdr = std::make_shared<const wire::CdrCodec>(std::move(codec).value());
      return t;
    }
    *note = "topic '" + topic + "' is recorded in the native layout: " +
            (codec ? std::string(schema.error().what()) : std::string("no CDR for its type: ") + codec.error().what());
  }
  t.schema_name = info.type_name;
  t.schema_encoding = mcap::kSchemaEncoding;
  t.schema_data = descriptor;
  return t;
}

}  // namespace dmxp::cli
