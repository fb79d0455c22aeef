#include "recording_channel.hpp"

#include <cstdio>

#include "output.hpp"
#include "topic_names.hpp"

namespace dmxp::cli {

std::map<std::string, std::string> recording_metadata(const dmxp_channel_info& info) {
  char fp[24];
  std::snprintf(fp, sizeof fp, "0x%016llx", (unsigned long long)info.type_fingerprint);
  std::map<std::string, std::string> m = {
      {"dmxp.channel", info.name},
      {"dmxp.mode", mode_name(info.mode)},
      {"dmxp.backpressure", backpressure_name(info.backpressure)},
      {"dmxp.capacity", std::to_string(info.capacity)},
      {"dmxp.slot_size", std::to_string(info.slot_size)},
  };
  if (info.type_fingerprint) m["dmxp.fingerprint"] = fp;
  return m;
}

bool recorded_channel(const std::string& topic, const std::map<std::string, std::string>& m,
                      RecordedChannel* out, std::string* error) {
  auto get = [&](const char* key) { auto it = m.find(key); return it == m.end() ? std::string() : it->second; };
  dmxp_channel_options_init(&out->options);
  out->channel = get("dmxp.channel");
  if (out->channel.empty()) out->channel = channel_of_topic(topic);
  if (out->channel.empty()) {
    *error = "topic '" + topic + "' has no channel name and is not a valid topic name";
    return false;
  }
  try {
    std::string v;
    if (!(v = get("dmxp.capacity")).empty()) out->options.capacity = uint32_t(parse_count("dmxp.capacity", v));
    if (!(v = get("dmxp.slot_size")).empty()) out->options.slot_size = uint32_t(parse_count("dmxp.slot_size", v));
    if (!(v = get("dmxp.fingerprint")).empty()) out->options.type_fingerprint = std::stoull(v, nullptr, 16);
  } catch (const std::exception& e) {
    *error = "topic '" + topic + "': bad channel metadata: " + e.what();
    return false;
  }
  std::string mode = get("dmxp.mode"), bp = get("dmxp.backpressure");
  out->options.mode = mode == "queue" ? DMXP_MODE_QUEUE : mode == "broadcast" ? DMXP_MODE_BROADCAST : DMXP_MODE_DEFAULT;
  out->options.backpressure = bp == "keep-last" ? DMXP_KEEP_LAST : bp == "reliable" ? DMXP_RELIABLE : DMXP_BACKPRESSURE_DEFAULT;
  return true;
}

}  // namespace dmxp::cli
