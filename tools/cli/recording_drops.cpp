#include "recording_drops.hpp"

#include <stdexcept>

namespace dmxp::cli {

std::map<std::string, std::string> topic_metadata(const std::string& topic, uint64_t recorded, const TopicDrops& d) {
  return {{"topic", topic},
          {"recorded", std::to_string(recorded)},
          {"dropped.changed", std::to_string(d.changed)},
          {"dropped.overwritten", std::to_string(d.overwritten)},
          {"dropped.queue_full", std::to_string(d.queue_full)},
          {"dropped.unconvertible", std::to_string(d.unconvertible)}};
}

bool parse_topic_metadata(const std::map<std::string, std::string>& values, std::string* topic,
                          uint64_t* recorded, TopicDrops* d) {
  auto number = [&](const char* key, uint64_t* out) {
    auto it = values.find(key);
    if (it == values.end() || it->second.empty() || it->second.find_first_not_of("0123456789") != std::string::npos)
      return false;
    try { *out = std::stoull(it->second); } catch (const std::out_of_range&) { return false; }
    return true;
  };
  auto t = values.find("topic");
  if (t == values.end()) return false;
  *topic = t->second;
  if (values.count("dropped.unconvertible") && !number("dropped.unconvertible", &d->unconvertible)) return false;
  return number("recorded", recorded) && number("dropped.changed", &d->changed) &&
         number("dropped.overwritten", &d->overwritten) && number("dropped.queue_full", &d->queue_full);
}

std::string describe_drops(const TopicDrops& d) {
  std::string out;
  auto add = [&](uint64_t n, const char* why) {
    if (!n) return;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + why;
  };
  add(d.changed, "changed while being copied");
  add(d.overwritten, "overwritten before being read");
  add(d.queue_full, "queue full (disk too slow)");
  add(d.unconvertible, "not convertible to CDR");
  return out;
}

}  // namespace dmxp::cli
