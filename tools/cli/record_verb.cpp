// dmxp record: topics to an MCAP file, merged in the domain's key order (dmxp_merge_*).
#include <ctime>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "dmxp/tools/arg_cursor.hpp"
#include "mcap/format.hpp"
#include "mcap/writer.hpp"
#include "output.hpp"
#include "recording_channel.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

namespace {

constexpr uint64_t kDiscoverEveryNs = 100'000'000;  // look for new topics this often
constexpr uint64_t kIdleNapNs = 200'000;

struct RecordOptions {
  std::string file;
  bool all = false;
  std::vector<std::string> topics;
  uint64_t count = 0;
  double duration_s = 0;
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
    else if (a.at_option()) throw std::invalid_argument("record: unknown option '" + a.take() + "'");
    else o.topics.push_back(a.take());
  }
  if (o.all == !o.topics.empty()) throw std::invalid_argument("record takes topics or -a (not both)");
  if (o.file.empty()) {
    char name[64];
    std::time_t t = std::time(nullptr);
    std::strftime(name, sizeof name, "dmxp_%Y%m%d_%H%M%S.mcap", std::localtime(&t));
    o.file = name;
  }
  return o;
}

struct Source {
  std::string topic;
  dmxp_consumer* consumer = nullptr;
  uint16_t mcap_channel = 0;
  uint32_t sequence = 0;
};

class Recorder {
 public:
  Recorder(std::string domain, mcap::McapWriter& writer) : domain_(std::move(domain)), writer_(writer) {}
  ~Recorder() {
    dmxp_merge_destroy(merge_);
    for (Source& s : sources_) dmxp_consumer_close(s.consumer);
  }

  // Adds the topic's channel if it exists and is not recorded yet. Topics present when the
  // recording starts are recorded from their next message; later ones from their oldest
  // retained message, so nothing published between their creation and discovery is lost.
  // False with *error for channels that cannot be recorded.
  bool add(const std::string& topic_arg, bool from_oldest, std::string* error) {
    TopicRef ref;
    dmxp_channel_info info;
    if (resolve_topic(domain_, topic_arg, &ref, error, &info) != DMXP_OK) return false;
    if (recorded_.count(ref.channel)) return true;
    std::string descriptor;
    if (int rc = read_descriptor(domain_, ref.channel, &descriptor)) {
      *error = "topic '" + ref.topic + "': " + dmxp_strerror(rc) + ": " + dmxp_last_error();
      return false;
    }
    if (info.mode == DMXP_MODE_QUEUE) {
      *error = "topic '" + ref.topic + "' is a queue channel: recording would take its messages from its consumers";
      return false;
    }
    dmxp_channel_options copts;
    dmxp_channel_options_init(&copts);
    copts.domain = domain_.c_str();
    copts.open_mode = DMXP_OPEN_EXISTING;
    dmxp_consumer_options o;
    dmxp_consumer_options_init(&o);
    o.start = from_oldest ? DMXP_START_OLDEST : DMXP_START_NEWEST;
    Source s{ref.topic};
    if (int rc = dmxp_consumer_open(ref.channel.c_str(), &copts, &o, &s.consumer)) {
      *error = "topic '" + ref.topic + "': " + dmxp_strerror(rc) + ": " + dmxp_last_error();
      return false;
    }
    uint16_t schema = 0;
    if (!descriptor.empty()) {
      auto it = schemas_.find(info.type_name);
      schema = it != schemas_.end() ? it->second
                                    : (schemas_[info.type_name] = writer_.add_schema(info.type_name, mcap::kSchemaEncoding, descriptor));
    }
    s.mcap_channel = writer_.add_channel(schema, ref.topic, mcap::kMessageEncoding, recording_metadata(info));
    recorded_.insert(ref.channel);
    sources_.push_back(s);
    rebuild_ = true;
    return true;
  }

  // Writes what the channels hold, in key order; returns how many messages it wrote.
  uint64_t drain(uint64_t limit) {
    if (rebuild_) {
      // Safe only here: the merge is drained (it holds no undelivered view).
      dmxp_merge_destroy(merge_);
      merge_ = nullptr;
      std::vector<dmxp_consumer*> cs;
      for (Source& s : sources_) cs.push_back(s.consumer);
      if (!cs.empty() && dmxp_merge_create(cs.data(), cs.size(), &merge_) != DMXP_OK) return 0;
      rebuild_ = false;
    }
    if (!merge_) return 0;
    uint64_t n = 0;
    dmxp_message m;
    size_t index = 0;
    while (n < limit && dmxp_merge_next(merge_, &m, &index) == DMXP_OK) {
      Source& s = sources_[index];
      writer_.write_message(s.mcap_channel, ++s.sequence, realtime_now_ns(), m.timestamp_ns, m.data, m.size);
      ++n;
    }
    return n;
  }

  void report_losses() const {
    for (const Source& s : sources_)
      if (uint64_t lost = dmxp_consumer_lost(s.consumer))
        std::fprintf(stderr, "dmxp: record: %llu messages of %s were overwritten before they were recorded\n",
                     (unsigned long long)lost, s.topic.c_str());
  }
  size_t topics() const { return sources_.size(); }

 private:
  std::string domain_;
  mcap::McapWriter& writer_;
  std::vector<Source> sources_;
  std::set<std::string> recorded_;
  std::map<std::string, uint16_t> schemas_;
  dmxp_merge* merge_ = nullptr;
  bool rebuild_ = false;
};

// Every topic channel of the domain now (for -a); none when they cannot be listed.
std::vector<std::string> all_topics(const std::string& domain) {
  std::vector<std::string> out;
  std::vector<TopicEntry> topics;
  list_topics(domain, &topics);
  for (const TopicEntry& t : topics)
    if (t.has_channel && t.info.mode == DMXP_MODE_BROADCAST) out.push_back(t.ref.channel);
  return out;
}

}  // namespace

int record(const GlobalOptions& g, const Args& args) {
  RecordOptions o;
  try { o = parse(args); } catch (const std::exception& e) { return usage_error(e.what()); }
  std::string domain = effective_domain(g.domain), error;
  mcap::McapWriter writer;
  if (!writer.open(o.file, &error)) return fail("record: " + error);
  install_stop_handler();
  Recorder rec(domain, writer);
  std::set<std::string> pending(o.topics.begin(), o.topics.end());
  auto discover = [&](bool from_oldest) {
    std::vector<std::string> wanted = o.all ? all_topics(domain) : std::vector<std::string>(pending.begin(), pending.end());
    for (const std::string& t : wanted) {
      std::string why;
      if (rec.add(t, from_oldest, &why)) pending.erase(t);
      else if (why.rfind("unknown topic", 0) != 0) {  // a topic that cannot be recorded at all
        std::fprintf(stderr, "dmxp: record: %s\n", why.c_str());
        pending.erase(t);
      }
    }
  };
  discover(false);
  std::fprintf(stderr, "dmxp: recording %zu topic%s to %s%s\n", rec.topics(), rec.topics() == 1 ? "" : "s",
               o.file.c_str(), pending.empty() ? "" : " (waiting for the others to appear)");
  uint64_t start = monotonic_now_ns(), next_discover = start + kDiscoverEveryNs, written = 0;
  while (!stop_requested() && (o.count == 0 || written < o.count)) {
    uint64_t n = rec.drain(o.count ? o.count - written : UINT64_MAX);
    written += n;
    uint64_t now = monotonic_now_ns();
    if (o.duration_s > 0 && now - start >= uint64_t(o.duration_s * 1e9)) break;
    if (n == 0 && now >= next_discover) {
      if (o.all || !pending.empty()) discover(true);
      next_discover = now + kDiscoverEveryNs;
    }
    if (n == 0) sleep_ns(kIdleNapNs);
  }
  rec.report_losses();
  if (!writer.close(&error)) return fail("record: " + error);
  std::fprintf(stderr, "dmxp: recorded %llu messages on %zu topics to %s\n", (unsigned long long)written,
               rec.topics(), o.file.c_str());
  return 0;
}

}  // namespace dmxp::cli
