#include "recording_reader.hpp"

#include "output.hpp"
#include "topic_names.hpp"

namespace dmxp::cli {

RecordingReader::~RecordingReader() {
  dmxp_merge_destroy(merge_);
  for (Source& s : sources_) dmxp_consumer_close(s.consumer);
}

bool RecordingReader::add(const std::string& topic_arg, bool from_oldest, std::string* error, std::string* note) {
  note->clear();
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
  Source s;
  if (int rc = dmxp_consumer_open(ref.channel.c_str(), &copts, &o, &s.consumer)) {
    *error = "topic '" + ref.topic + "': " + dmxp_strerror(rc) + ": " + dmxp_last_error();
    return false;
  }
  s.lost_base = dmxp_consumer_lost(s.consumer);
  RecordedTopic t = recorded_topic(ref.topic, info, descriptor, profile_, note);
  s.cdr = t.cdr;
  s.topic = topics_.add(std::move(t));
  recorded_.insert(ref.channel);
  sources_.push_back(s);
  rebuild_ = true;
  return true;
}

uint64_t RecordingReader::read(uint64_t limit) {
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
    QueuedMessage q;
    q.topic = s.topic;
    q.publish_time = m.timestamp_ns;
    bool converted = true;
    if (s.cdr) converted = m.size >= s.cdr->message_size() && s.cdr->encode(m.data, q.bytes).ok();
    else q.bytes.assign(static_cast<const std::byte*>(m.data), static_cast<const std::byte*>(m.data) + m.size);
    q.log_time = realtime_now_ns();
    // Copy first, then check: the release says whether a producer rewrote the slot while we
    // copied it (KEEP_LAST laps readers by design). Such a copy may mix two messages.
    if (dmxp_consumer_release(s.consumer) == DMXP_ERR_OVERRUN) {
      ++s.counts.changed;
      continue;
    }
    if (!converted) {  // the message itself is bad, not the copy
      ++s.counts.unconvertible;
      continue;
    }
    queue_.push(std::move(q));
    ++s.counts.queued;
    ++n;
  }
  return n;
}

ReadCounts RecordingReader::counts(size_t topic) const {
  for (const Source& s : sources_)
    if (s.topic == topic) {
      ReadCounts c = s.counts;
      c.overwritten = dmxp_consumer_lost(s.consumer) - s.lost_base;
      return c;
    }
  return {};
}

}  // namespace dmxp::cli
