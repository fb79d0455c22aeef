// dmxp play: republishes an MCAP recording in its order, keeping its timing. Both profiles:
// native messages are sent as recorded, CDR ones decoded into their layout first.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "dmxp/tools/arg_cursor.hpp"
#include "dmxp/dmxp.hpp"
#include "dmxp/wire/cdr.hpp"
#include "mcap/format.hpp"
#include "mcap/reader.hpp"
#include "output.hpp"
#include "recording_channel.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

namespace {

constexpr int64_t kSendTimeoutNs = 200'000'000;  // then look at stop_requested and retry

struct PlayOptions {
  std::string file;
  double rate = 1;  // 0: as fast as possible
  bool loop = false;
  double delay_s = 0;
  std::set<std::string> topics;  // empty: all
};

PlayOptions parse(const Args& args) {
  PlayOptions o;
  ArgCursor a(args);
  std::string v;
  bool in_topics = false;
  while (!a.done()) {
    if (a.value("--rate", &v) || a.value("-r", &v)) {
      o.rate = v == "0" ? 0 : parse_positive("--rate", v);
      in_topics = false;
    } else if (a.flag("--loop") || a.flag("-l")) { o.loop = true; in_topics = false; }
    else if (a.value("--delay", &v)) { o.delay_s = parse_positive("--delay", v); in_topics = false; }
    else if (a.flag("--topics")) in_topics = true;
    else if (a.at_option()) throw std::invalid_argument("play: unknown option '" + a.take() + "'");
    else if (in_topics) { std::string t = a.take(); o.topics.insert(t[0] == '/' ? t : "/" + t); }
    else if (o.file.empty()) o.file = a.take();
    else throw std::invalid_argument("play takes one file");
  }
  if (o.file.empty()) throw std::invalid_argument("play needs a file");
  return o;
}

class Player {
 public:
  Player(std::string domain, const PlayOptions& o) : domain_(std::move(domain)), o_(o) {}
  ~Player() {
    for (auto& [id, p] : producers_) dmxp_producer_close(p);
  }

  // Opens the producer of one MCAP channel (creating its DMXP channel as recorded). CDR
  // channels (the ros2 profile) are typed by the layout descriptor in their metadata.
  bool open(const mcap::McapChannel& ch, const std::map<uint16_t, mcap::McapSchema>& schemas, std::string* error) {
    if (producers_.count(ch.id) || skipped_.count(ch.id)) return true;
    if (!o_.topics.empty() && !o_.topics.count(ch.topic)) { skipped_.insert(ch.id); return true; }
    RecordedChannel rc;
    if (!recorded_channel(ch.topic, ch.metadata, &rc, error)) return false;
    rc.options.domain = domain_.c_str();
    const std::string* descriptor = nullptr;
    if (ch.encoding == mcap::kCdrEncoding) {
      auto it = ch.metadata.find(kDescriptorKey);
      if (it == ch.metadata.end()) {
        *error = "topic '" + ch.topic + "': CDR messages without a DMXP layout descriptor (" + kDescriptorKey +
                 " in the channel metadata): a recording from another tool, which play cannot type";
        return false;
      }
      Result<wire::CdrCodec> codec = wire::CdrCodec::from_descriptor(it->second);
      if (!codec) {
        *error = "topic '" + ch.topic + "': " + codec.error().what();
        return false;
      }
      rc.type_name = codec.value().type_name();
      descriptor = &it->second;
      codecs_.emplace(ch.id, std::move(codec).value());
    } else if (ch.encoding != mcap::kMessageEncoding) {
      *error = "topic '" + ch.topic + "': message encoding '" + ch.encoding + "' (play takes " + mcap::kMessageEncoding +
               " and " + mcap::kCdrEncoding + ")";
      return false;
    } else if (ch.schema_id) {
      const mcap::McapSchema& s = schemas.at(ch.schema_id);
      rc.type_name = s.name;
      descriptor = &s.data;
    }
    if (descriptor) {
      rc.options.type_name = rc.type_name.c_str();
      rc.options.type_descriptor = descriptor->data();
      rc.options.type_descriptor_size = descriptor->size();
    }
    dmxp_producer* p = nullptr;
    if (int st = dmxp_producer_open(rc.channel.c_str(), &rc.options, &p)) {
      *error = "topic '" + ch.topic + "': " + dmxp_strerror(st) + ": " + dmxp_last_error();
      return false;
    }
    producers_[ch.id] = p;
    return true;
  }

  // Sends one message (nothing for topics left out); CDR is decoded into the layout first.
  // False with *error when it cannot.
  bool send(const mcap::McapMessage& m, std::string* error) {
    auto it = producers_.find(m.channel_id);
    if (it == producers_.end()) return true;
    const void* data = m.data;
    size_t size = m.size;
    if (auto c = codecs_.find(m.channel_id); c != codecs_.end()) {
      // Zeroed first: decode writes fields and sizes, and the bytes past a string's or a
      // sequence's size are zero in a message built by its constructor.
      layout_.assign(c->second.message_size(), 0);
      Status st = c->second.decode({reinterpret_cast<const std::byte*>(m.data), m.size}, layout_.data());
      if (!st) {
        *error = "message " + std::to_string(m.sequence) + ": " + st.error().what();
        return false;
      }
      data = layout_.data();
      size = layout_.size();
    }
    for (;;) {
      int rc = dmxp_producer_send(it->second, data, size, kSendTimeoutNs, nullptr);
      if (rc == DMXP_OK) { ++sent_; return true; }
      if (rc == DMXP_ERR_TIMEOUT && !stop_requested()) continue;  // a reliable subscriber is slow
      *error = dmxp::Error::last(rc).what();
      return false;
    }
  }
  uint64_t sent() const { return sent_; }

 private:
  std::string domain_;
  const PlayOptions& o_;
  std::map<uint16_t, dmxp_producer*> producers_;
  std::map<uint16_t, wire::CdrCodec> codecs_;  // CDR channels
  std::vector<uint8_t> layout_;               // the message being decoded
  std::set<uint16_t> skipped_;
  uint64_t sent_ = 0;
};

}  // namespace

int play(const GlobalOptions& g, const Args& args) {
  PlayOptions o;
  try { o = parse(args); } catch (const std::exception& e) { return usage_error(e.what()); }
  std::string error;
  mcap::McapReader reader;
  if (!reader.open(o.file, &error)) return fail("play: " + error);
  install_stop_handler();
  Player player(effective_domain(g.domain), o);
  // First pass: every channel's producer exists before the first message, so subscribers
  // (and recorders) can attach during --delay.
  for (mcap::McapReader::Event e; (e = reader.next()) != mcap::McapReader::Event::End;)
    if (e == mcap::McapReader::Event::Error) break;  // reported when playing reaches it
  for (const auto& [id, ch] : reader.channels())
    if (!player.open(ch, reader.schemas(), &error)) return fail("play: " + error);
  if (o.delay_s > 0) sleep_ns(uint64_t(o.delay_s * 1e9));

  uint64_t wall_start = monotonic_now_ns(), first_log = 0, offset = 0, last_log = 0;
  bool have_first = false;
  do {
    reader.rewind();
    uint64_t loop_offset = offset;
    for (mcap::McapReader::Event e; !stop_requested() && (e = reader.next()) != mcap::McapReader::Event::End;) {
      if (e == mcap::McapReader::Event::Error)
        return fail("play: " + reader.error() + "; played " + std::to_string(player.sent()) +
                    " messages up to there");
      if (e != mcap::McapReader::Event::Message) continue;
      const mcap::McapMessage& m = reader.message();
      if (!have_first) { first_log = m.log_time; have_first = true; }
      last_log = std::max(last_log, m.log_time);
      if (o.rate > 0 && m.log_time >= first_log) {
        uint64_t due = wall_start + uint64_t(double(loop_offset + m.log_time - first_log) / o.rate);
        uint64_t now = monotonic_now_ns();
        if (due > now) sleep_ns(due - now);
      }
      if (!player.send(m, &error)) {
        if (stop_requested()) break;
        return fail("play: topic '" + reader.channels().at(m.channel_id).topic + "': " + error);
      }
    }
    offset += last_log - first_log + 1;
  } while (o.loop && !stop_requested());
  std::fprintf(stderr, "dmxp: played %llu messages from %s\n", (unsigned long long)player.sent(), o.file.c_str());
  return 0;
}

}  // namespace dmxp::cli
