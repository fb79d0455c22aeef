// dmxp bag info: what an MCAP recording holds, read record by record (every CRC checked),
// with what the recorder dropped per topic and why when the file says so.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "mcap/reader.hpp"
#include "recording_drops.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

struct TopicCount {
  std::string topic, type, encoding;
  uint64_t messages = 0;
  bool has_drops = false;  // the recorder stored its counts (recordings since chunking)
  TopicDrops drops;
};

std::string chunks_text(const std::map<std::string, uint64_t>& chunks) {
  std::string out;
  for (const auto& [compression, n] : chunks) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + compression;
  return out.empty() ? "none (messages in the data section)" : out;
}

int info(const GlobalOptions& g, const std::string& file) {
  std::string error;
  mcap::McapReader reader;
  if (!reader.open(file, &error)) return fail("bag info: " + error);
  std::map<uint16_t, TopicCount> topics;
  std::map<std::string, TopicDrops> drops;  // by topic, from the recorder's metadata
  uint64_t total = 0, first = UINT64_MAX, last = 0;
  for (mcap::McapReader::Event e; (e = reader.next()) != mcap::McapReader::Event::End;) {
    if (e == mcap::McapReader::Event::Error) return fail("bag info: " + reader.error());
    if (e == mcap::McapReader::Event::Metadata && reader.metadata().name == kTopicMetadataName) {
      std::string topic;
      uint64_t recorded = 0;
      TopicDrops d;
      if (parse_topic_metadata(reader.metadata().values, &topic, &recorded, &d)) drops[topic] = d;
    }
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
    if (auto it = drops.find(ch.topic); it != drops.end()) {
      t.has_drops = true;
      t.drops = it->second;
    }
  }
  double duration = total ? double(last - first) * 1e-9 : 0;
  if (g.json) {
    std::printf("{\"file\":%s,\"profile\":%s,\"bytes\":%llu,\"messages\":%llu,\"start_ns\":%llu,\"end_ns\":%llu,\"chunks\":{",
                json_escape(file).c_str(), json_escape(reader.profile()).c_str(), (unsigned long long)reader.file_size(),
                (unsigned long long)total, (unsigned long long)(total ? first : 0), (unsigned long long)last);
    bool comma = false;
    for (const auto& [compression, n] : reader.chunks()) {
      std::printf("%s%s:%llu", comma ? "," : "", json_escape(compression).c_str(), (unsigned long long)n);
      comma = true;
    }
    std::printf("},\"topics\":[");
    comma = false;
    for (const auto& [id, t] : topics) {
      std::printf("%s{\"topic\":%s,\"type\":%s,\"encoding\":%s,\"messages\":%llu", comma ? "," : "",
                  json_escape(t.topic).c_str(), json_escape(t.type).c_str(), json_escape(t.encoding).c_str(),
                  (unsigned long long)t.messages);
      if (t.has_drops)
        std::printf(",\"dropped\":{\"changed\":%llu,\"overwritten\":%llu,\"queue_full\":%llu,\"unconvertible\":%llu}",
                    (unsigned long long)t.drops.changed, (unsigned long long)t.drops.overwritten,
                    (unsigned long long)t.drops.queue_full, (unsigned long long)t.drops.unconvertible);
      std::printf("}");
      comma = true;
    }
    std::printf("]}\n");
    return 0;
  }
  std::printf("file:      %s (%llu bytes, profile %s)\n", file.c_str(), (unsigned long long)reader.file_size(),
              reader.profile().c_str());
  std::printf("duration:  %.3f s\n", duration);
  std::printf("messages:  %llu\n", (unsigned long long)total);
  std::printf("chunks:    %s\n", chunks_text(reader.chunks()).c_str());
  std::printf("topics:    %zu\n", topics.size());
  for (const auto& [id, t] : topics) {
    std::printf("  %-32s %-36s %llu msgs", t.topic.c_str(), t.type.c_str(), (unsigned long long)t.messages);
    if (t.drops.total())
      std::printf(", %llu dropped (%s)", (unsigned long long)t.drops.total(), describe_drops(t.drops).c_str());
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int bag_verbs(const GlobalOptions& g, const Args& args) {
  if (args.size() == 2 && args[0] == "info") return info(g, args[1]);
  return usage_error("bag takes 'info <file>'");
}

}  // namespace dmxp::cli
