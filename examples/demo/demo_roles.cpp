#include "demo_roles.hpp"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "dmxp/dmxp.hpp"

namespace demo {
namespace {
uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

dmxp::ChannelOptions channel_options(const Settings& s) {
  dmxp::ChannelOptions o;
  o.domain(s.domain.c_str()).capacity(4096).slot_size(sizeof(Tick)).type(0x7469636b2d763100ull,
                                                                        "demo/Tick");
  return o;
}
}  // namespace

uint32_t checksum(const Tick& t) {
  uint32_t h = 2166136261u;  // FNV-1a
  auto mix = [&](const void* p, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const uint8_t*>(p)[i]) * 16777619u;
  };
  mix(&t.sequence, sizeof t.sequence);
  mix(&t.price, sizeof t.price);
  mix(t.body, std::min<size_t>(t.size, sizeof t.body));
  return h;
}

int run_producer(const Settings& s) {
  auto producer = dmxp::Producer::open(s.channel, channel_options(s));
  if (!producer) { std::fprintf(stderr, "producer: %s\n", producer.error().what()); return 1; }
  auto& p = producer.value();
  uint64_t seq = 0;
  while (seq < s.messages) {
    uint32_t n = uint32_t(std::min<uint64_t>(s.batch, s.messages - seq));
    // Zero-copy: ticks are written straight into the loaned slots, then committed at once.
    auto loan = p.loan_batch(n);
    if (!loan) { std::fprintf(stderr, "producer: %s\n", loan.error().what()); return 1; }
    std::vector<size_t> sizes(n, sizeof(Tick));
    for (uint32_t i = 0; i < n; ++i, ++seq) {
      auto* t = static_cast<Tick*>(loan.value()[i]);
      t->sequence = seq;
      t->price = 100.0 + double(seq % 1000) / 100.0;
      t->size = uint32_t(seq % sizeof t->body);
      for (uint32_t b = 0; b < t->size; ++b) t->body[b] = uint8_t(seq + b);
      t->checksum = checksum(*t);
      t->sent_ns = now_ns();
    }
    if (auto r = p.commit_batch(sizes); !r) {
      std::fprintf(stderr, "producer: %s\n", r.error().what());
      return 1;
    }
  }
  return 0;
}

int run_consumer(const Settings& s) {
  auto consumer = dmxp::Consumer::open(s.channel, channel_options(s));
  if (!consumer) { std::fprintf(stderr, "consumer: %s\n", consumer.error().what()); return 1; }
  auto& c = consumer.value();
  std::printf("consumer: ready on channel '%s' (domain %s)\n", s.channel.c_str(), s.domain.c_str());
  std::fflush(stdout);
  std::vector<uint32_t> latency;
  latency.reserve(s.messages);
  uint64_t expected = 0, bad = 0, first_ns = 0, last_key = 0;
  dmxp_message views[64];
  while (expected < s.messages) {
    auto n = c.receive_batch(views, 5'000'000'000);
    if (!n) { std::fprintf(stderr, "consumer: %s\n", n.error().what()); return 1; }
    uint64_t now = now_ns();
    if (!first_ns) first_ns = now;
    for (uint32_t i = 0; i < n.value(); ++i) {
      const auto* t = static_cast<const Tick*>(views[i].data);
      if (t->sequence != expected || t->checksum != checksum(*t) || views[i].key <= last_key) ++bad;
      last_key = views[i].key;
      latency.push_back(uint32_t(std::min<uint64_t>(now - t->sent_ns, UINT32_MAX)));
      ++expected;
    }
  }
  double seconds = double(now_ns() - first_ns) / 1e9;
  std::sort(latency.begin(), latency.end());
  auto pct = [&](double q) { return latency[size_t(q * double(latency.size() - 1))]; };
  std::printf("consumer: %llu messages in %.3f s (%.2f M msgs/s), %llu out of order or corrupt, "
              "%llu lost\n", (unsigned long long)expected, seconds,
              double(expected) / seconds / 1e6, (unsigned long long)bad,
              (unsigned long long)c.lost());
  std::printf("consumer: one-way latency p50 %u ns, p99 %u ns, p99.9 %u ns (batches of %u)\n",
              pct(0.5), pct(0.99), pct(0.999), s.batch);
  return bad == 0 && c.lost() == 0 ? 0 : 1;
}

}  // namespace demo
