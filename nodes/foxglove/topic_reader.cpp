#include "topic_reader.hpp"

#include <time.h>

#include <cstring>

#include "dmxp/dmxp.h"

namespace dmxp::foxglove {

void Series::add(uint64_t time_ns, double value) {
  std::lock_guard lock(mu_);
  if (!points_.empty() && time_ns < points_.back().first + kMinSpacingNs) return;
  points_.emplace_back(time_ns, value);
  if (points_.size() > kMaxPoints) points_.pop_front();
}

std::vector<std::pair<uint64_t, double>> Series::since(uint64_t after_ns) const {
  std::lock_guard lock(mu_);
  std::vector<std::pair<uint64_t, double>> out;
  for (const auto& p : points_)
    if (p.first > after_ns) out.push_back(p);
  return out;
}

void LatestMessage::set(const void* data, size_t size, uint64_t time_ns) {
  std::lock_guard lock(mu_);
  auto* b = static_cast<const unsigned char*>(data);
  bytes_.assign(b, b + size);
  time_ns_ = time_ns;
  has_ = true;
}

bool LatestMessage::get(std::vector<unsigned char>* out, uint64_t* time_ns) const {
  std::lock_guard lock(mu_);
  if (!has_) return false;
  *out = bytes_;
  *time_ns = time_ns_;
  return true;
}

struct TopicReader::Source {
  Demand demand;
  dmxp_consumer* consumer = nullptr;
  uint64_t lost_base = 0;
  ReadStats stats;
  ~Source() { dmxp_consumer_close(consumer); }
};

TopicReader::TopicReader(std::string domain, uint64_t poll_period_ns)
    : domain_(std::move(domain)), poll_period_ns_(poll_period_ns), thread_([this] { run(); }) {}

TopicReader::~TopicReader() {
  stop_ = true;
  thread_.join();
}

void TopicReader::set_demand(std::vector<Demand> demand) {
  std::lock_guard lock(mu_);
  pending_ = std::move(demand);
  changed_ = true;
}

std::map<std::string, ReadStats> TopicReader::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

std::map<std::string, std::string> TopicReader::errors() const {
  std::lock_guard lock(mu_);
  return errors_;
}

void TopicReader::sync() {
  std::vector<Demand> demand;
  {
    std::lock_guard lock(mu_);
    if (!changed_) return;
    demand = std::move(pending_);
    changed_ = false;
  }
  std::map<std::string, std::unique_ptr<Source>> old;
  for (auto& s : sources_) old[s->demand.channel] = std::move(s);
  sources_.clear();
  std::map<std::string, std::string> errors;
  for (Demand& d : demand) {
    auto it = old.find(d.channel);
    if (it != old.end()) {
      it->second->demand = std::move(d);
      sources_.push_back(std::move(it->second));
      old.erase(it);
      continue;
    }
    auto s = std::make_unique<Source>();
    dmxp_channel_options copts;
    dmxp_channel_options_init(&copts);
    copts.domain = domain_.c_str();
    copts.open_mode = DMXP_OPEN_EXISTING;
    dmxp_consumer_options o;
    dmxp_consumer_options_init(&o);
    o.passive = 1;
    o.start = DMXP_START_OLDEST;
    int rc = dmxp_consumer_open(d.channel.c_str(), &copts, &o, &s->consumer);
    if (rc != DMXP_OK) {
      errors[d.channel] = std::string(dmxp_strerror(rc)) + ": " + dmxp_last_error();
      continue;
    }
    // Start at the newest retained message (none retained: at the next one).
    dmxp_channel_info info;
    if (dmxp_channel_info_get(domain_.c_str(), d.channel.c_str(), &info) == DMXP_OK && info.last_key)
      dmxp_consumer_seek(s->consumer, info.last_key);
    s->lost_base = dmxp_consumer_lost(s->consumer);
    s->demand = std::move(d);
    sources_.push_back(std::move(s));
  }
  std::lock_guard lock(mu_);
  errors_ = std::move(errors);
  for (const auto& [channel, s] : old) stats_.erase(channel);
}

// Reads up to a batch of messages; true when it read any.
bool TopicReader::drain(Source& s) {
  constexpr int kBatch = 64;  // then the next channel: one busy channel starves none
  const Demand& d = s.demand;
  int n = 0;
  for (; n < kBatch; ++n) {
    dmxp_message m;
    int rc = dmxp_consumer_try_receive(s.consumer, &m);
    if (rc == DMXP_ERR_OVERRUN) {  // the previous view changed under it (already discarded)
      ++s.stats.torn;
      continue;
    }
    if (rc != DMXP_OK) break;
    Payload payload;
    bool encode_failed = false;
    if (!d.sinks.empty() && d.codec) {
      auto cdr = std::make_shared<std::vector<std::byte>>();
      if (m.size >= d.codec->message_size() && d.codec->encode(m.data, *cdr)) payload = std::move(cdr);
      else encode_failed = true;
    }
    std::vector<std::pair<size_t, double>> values;
    for (size_t i = 0; i < d.probes.size(); ++i)
      if (auto v = d.probes[i].field->read(m.data, m.size)) values.emplace_back(i, *v);
    std::vector<unsigned char> copy;
    if (d.latest) copy.assign(static_cast<const unsigned char*>(m.data), static_cast<const unsigned char*>(m.data) + m.size);
    uint64_t time_ns = m.timestamp_ns;
    // The release says whether the publisher rewrote the slot while we read it.
    if (dmxp_consumer_release(s.consumer) == DMXP_ERR_OVERRUN) {
      ++s.stats.torn;
      continue;
    }
    ++s.stats.read;
    if (encode_failed) ++s.stats.encode_errors;
    if (payload)
      for (const Demand::Sink& sink : d.sinks)
        if (auto sub = sink.subscriber.lock()) sub->deliver(sink.subscription_id, time_ns, payload);
    for (const auto& [i, v] : values) d.probes[i].series->add(time_ns, v);
    if (d.latest) d.latest->set(copy.data(), copy.size(), time_ns);
  }
  s.stats.overwritten = dmxp_consumer_lost(s.consumer) - s.lost_base;
  return n > 0;
}

void TopicReader::run() {
  while (!stop_) {
    sync();
    bool any = false;
    for (auto& s : sources_) any |= drain(*s);
    {
      std::lock_guard lock(mu_);
      for (const auto& s : sources_) stats_[s->demand.channel] = s->stats;
    }
    if (!any) {
      timespec ts{time_t(poll_period_ns_ / 1'000'000'000), long(poll_period_ns_ % 1'000'000'000)};
      nanosleep(&ts, nullptr);
    }
  }
  sources_.clear();
}

}  // namespace dmxp::foxglove
