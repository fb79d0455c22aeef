// dmxp bag info: what an MCAP recording holds, read record by record.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "mcap/reader.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

struct TopicCount {
  std::string topic, type, encoding;
  uint64_t messages = 0;
};

int info(const GlobalOptions& g, const std::string& file) {
  std::string error;
  mcap::McapReader reader;
  if (!reader.open(file, &error)) return fail("bag info: " + error);
  std::map<uint16_t, TopicCount> topics;
  uint64_t total = 0, first = UINT64_MAX, last = 0;
  for (mcap::McapReader::Event e; (e = reader.next()) != mcap::McapReader::Event::End;) {
    if (e == mcap::McapReader::Event::Error) return fail("bag info: " + reader.error());
    if (e != mcap::McapReader::Event::Message) continue;
    const mcap::McapMessage& m = reader.message();
    TopicCount& t = topics[m.channel_id];
    ++t.messages;
    ++total;
    first = std::min(first, m.log_time);
    last = std::max(last, m.log_time);
  }
  for (const auto& [id, ch] : reader.channels()) {
    TopicCount& t = topics[id];
    t.topic = ch.topic;
    t.encoding = ch.encoding;
    t.type = ch.schema_id ? reader.schemas().at(ch.schema_id).name : "untyped";
  }
  double duration = total ? double(last - first) * 1e-9 : 0;
  if (g.json) {
    std::printf("{\"file\":%s,\"profile\":%s,\"bytes\":%llu,\"messages\":%llu,\"start_ns\":%llu,\"end_ns\":%llu,\"topics\":[",
                json_escape(file).c_str(), json_escape(reader.profile()).c_str(), (unsigned long long)reader.file_size(),
                (unsigned long long)total, (unsigned long long)(total ? first : 0), (unsigned long long)last);
    bool comma = false;
    for (const auto& [id, t] : topics) {
      std::printf("%s{\"topic\":%s,\"type\":%s,\"encoding\":%s,\"messages\":%llu}", comma ? "," : "",
                  json_escape(t.topic).c_str(), json_escape(t.type).c_str(), json_escape(t.encoding).c_str(),
                  (unsigned long long)t.messages);
      comma = true;
    }
    std::printf("]}\n");
    return 0;
  }
  std::printf("file:      %s (%llu bytes, profile %s)\n", file.c_str(), (unsigned long long)reader.file_size(),
              reader.profile().c_str());
  std::printf("duration:  %.3f s\n", duration);
  std::printf("messages:  %llu\n", (unsigned long long)total);
  std::printf("topics:    %zu\n", topics.size());
  for (const auto& [id, t] : topics)
    std::printf("  %-32s %-36s %llu msgs\n", t.topic.c_str(), t.type.c_str(), (unsigned long long)t.messages);
  return 0;
}

}  // namespace

int bag_verbs(const GlobalOptions& g, const Args& args) {
  if (args.size() == 2 && args[0] == "info") return info(g, args[1]);
  return usage_error("bag takes 'info <file>'");
}

}  // namespace dmxp::cli
