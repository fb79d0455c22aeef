// dmxp record: topics to an MCAP file, as ROS 2 tools read them (CDR, --profile ros2, the
// default) or as DMXP lays them out (--profile native; recording_profile.hpp). This thread reads (RecordingReader: copies, checked,
// in the domain's key order), a writer thread writes (RecordingWriter: chunks, compression,
// the disk), and a bounded RecordingQueue between them absorbs a slow disk by dropping from
// the biggest topic first. Every drop is counted per topic with its reason, printed at the
// end and kept in the file.
#include <cstdio>
#include <ctime>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "dmxp/tools/arg_cursor.hpp"
#include "mcap/writer.hpp"
#include "output.hpp"
#include "recording_drops.hpp"
#include "recording_queue.hpp"
#include "recording_reader.hpp"
#include "recording_writer.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

namespace {

constexpr uint64_t kDiscoverEveryNs = 100'000'000;  // look for new topics this often
constexpr uint64_t kIdleNapNs = 200'000;
constexpr uint64_t kDefaultQueueMiB = 256;

struct RecordOptions {
  std::string file;
  bool all = false;
  std::vector<std::string> topics;
  uint64_t count = 0;
  double duration_s = 0;
  mcap::WriterOptions writer;
  uint64_t queue_bytes = kDefaultQueueMiB << 20;
  RecordingProfile profile = RecordingProfile::Ros2;
};

RecordOptions parse(const Args& args) {
  RecordOptions o;
  ArgCursor a(args);
  std::string v;
  while (!a.done()) {
    if (a.value("-o", &v) || a.value("--output", &v)) o.file = v;
    else if (a.flag("-a") || a.flag("--all")) o.all = true;
    else if (a.value("-n", &v)) o.count = parse_count("-n", v);
    else if (a.value("--duration", &v)) o.duration_s = parse_positive("--duration", v);
    else if (a.value("--compression", &v)) {
      if (!mcap::parse_compression(v, &o.writer.compression))
        throw std::invalid_argument("--compression takes none, zstd or lz4, not '" + v + "'");
    } else if (a.value("--chunk-size", &v)) {
      o.writer.chunk_size = parse_count("--chunk-size", v);
      if (o.writer.chunk_size == 0) throw std::invalid_argument("--chunk-size must be at least 1 byte");
    } else if (a.value("--profile", &v)) {
      if (!parse_recording_profile(v, &o.profile))
        throw std::invalid_argument("--profile takes ros2 or native, not '" + v + "'");
    } else if (a.value("--queue-size", &v)) {
      uint64_t mib = parse_count("--queue-size", v);
      if (mib == 0 || mib > (uint64_t(1) << 30)) throw std::invalid_argument("--queue-size takes MiB, 1 or more");
      o.queue_bytes = mib << 20;
    } else if (a.at_option()) throw std::invalid_argument("record: unknown option '" + a.take() + "'");
    else o.topics.push_back(a.take());
  }
  if (o.all == !o.topics.empty()) throw std::invalid_argument("record takes topics or -a (not both)");
  if (o.file.empty()) {
    char name[64];
    std::time_t t = std::time(nullptr);
    std::strftime(name, sizeof name, "dmxp_%Y%m%d_%H%M%S.mcap", std::localtime(&t));
    o.file = name;
  }
  o.writer.profile = mcap_profile(o.profile);
  return o;
}

// Every topic channel of the domain now (for -a); none when they cannot be listed.
std::vector<std::string> all_topics(const std::string& domain) {
  std::vector<std::string> out;
  std::vector<TopicEntry> topics;
  list_topics(domain, &topics);
  for (const TopicEntry& t : topics)
    if (t.has_channel && t.info.mode == DMXP_MODE_BROADCAST) out.push_back(t.ref.channel);
  return out;
}

// Prints each topic's losses and keeps them in the file; returns the messages written.
uint64_t report(const RecordingTopics& topics, const RecordingReader& reader, const RecordingQueue& queue,
                const RecordingWriter& writer, mcap::McapWriter& file) {
  uint64_t written = 0;
  file.flush_chunk();  // the counts follow every message they count
  for (size_t i = 0; i < topics.size(); ++i) {
    ReadCounts r = reader.counts(i);
    TopicDrops d{r.changed, r.overwritten, queue.dropped(i), r.unconvertible};
    uint64_t recorded = writer.written(i);
    written += recorded;
    const std::string& topic = topics.at(i).topic;
    file.add_metadata(kTopicMetadataName, topic_metadata(topic, recorded, d));
    if (d.total())
      std::fprintf(stderr, "dmxp: record: %s: %llu recorded, %llu dropped: %s\n", topic.c_str(),
                   (unsigned long long)recorded, (unsigned long long)d.total(), describe_drops(d).c_str());
  }
  return written;
}

}  // namespace

int record(const GlobalOptions& g, const Args& args) {
  RecordOptions o;
  try { o = parse(args); } catch (const std::exception& e) { return usage_error(e.what()); }
  std::string domain = effective_domain(g.domain), error;
  mcap::McapWriter file;
  if (!file.open(o.file, &error, o.writer)) return fail("record: " + error);
  install_stop_handler();
  RecordingTopics topics;
  RecordingQueue queue(o.queue_bytes);
  RecordingReader reader(domain, o.profile, topics, queue);
  RecordingWriter writer(topics, queue, file);
  std::thread writing([&] { writer.run(); });

  std::set<std::string> pending(o.topics.begin(), o.topics.end());
  auto discover = [&](bool from_oldest) {
    std::vector<std::string> wanted = o.all ? all_topics(domain) : std::vector<std::string>(pending.begin(), pending.end());
    for (const std::string& t : wanted) {
      std::string why, note;
      if (reader.add(t, from_oldest, &why, &note)) {
        pending.erase(t);
        if (!note.empty()) std::fprintf(stderr, "dmxp: record: %s\n", note.c_str());
      }
      else if (why.rfind("unknown topic", 0) != 0) {  // a topic that cannot be recorded at all
        std::fprintf(stderr, "dmxp: record: %s\n", why.c_str());
        pending.erase(t);
      }
    }
  };
  discover(false);
  std::fprintf(stderr, "dmxp: recording %zu topic%s to %s%s\n", reader.topics(), reader.topics() == 1 ? "" : "s",
               o.file.c_str(), pending.empty() ? "" : " (waiting for the others to appear)");
  uint64_t start = monotonic_now_ns(), next_discover = start + kDiscoverEveryNs, read = 0;
  while (!stop_requested() && (o.count == 0 || read < o.count)) {
    uint64_t n = reader.read(o.count ? o.count - read : UINT64_MAX);
    read += n;
    uint64_t now = monotonic_now_ns();
    if (o.duration_s > 0 && now - start >= uint64_t(o.duration_s * 1e9)) break;
    if (n == 0 && now >= next_discover) {
      if (o.all || !pending.empty()) discover(true);
      next_discover = now + kDiscoverEveryNs;
    }
    if (n == 0) sleep_ns(kIdleNapNs);
  }
  queue.finish();
  writing.join();
  uint64_t written = report(topics, reader, queue, writer, file);
  if (!file.close(&error)) return fail("record: " + error);
  std::fprintf(stderr, "dmxp: recorded %llu messages on %zu topic%s to %s\n", (unsigned long long)written,
               reader.topics(), reader.topics() == 1 ? "" : "s", o.file.c_str());
  return 0;
}

}  // namespace dmxp::cli
