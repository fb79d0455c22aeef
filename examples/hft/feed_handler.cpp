// dmxp-hft-feed - a C++ market-data feed handler: publishes hft_msgs/Tick updates of a few
// instruments (a random walk per instrument) on a KEEP_LAST channel, as fast as it can or at
// a given rate, each written in place in its slot (loan/commit, no copy).
//
//   dmxp-hft-feed [--channel md.ticks] [--count 5000000] [--rate 0] [--symbols 8]
//
// --rate is ticks per second (0: as fast as possible). KEEP_LAST: a slow strategy loses the
// oldest ticks (and is told how many) instead of slowing the feed down.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <new>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <dmxp/dmxp.hpp>
#include <dmxp/msg/typed.hpp>
#include <hft_msgs/msg/Tick.hpp>

namespace {

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct Options {
  std::string channel = "md.ticks";
  uint64_t count = 5'000'000;
  double rate = 0;
  uint32_t symbols = 8;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (a == "--channel") o.channel = v;
    else if (a == "--count") o.count = std::stoull(v);
    else if (a == "--rate") o.rate = std::stod(v);
    else if (a == "--symbols") o.symbols = uint32_t(std::stoul(v));
    else return false;
  }
  return o.symbols > 0;
}

}  // namespace

int main(int argc, char** argv) {
  using hft_msgs::msg::Tick;
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: dmxp-hft-feed [--channel C] [--count N] [--rate TICKS_PER_S] [--symbols N]\n");
    return 2;
  }
  auto opts = dmxp::msg::typed_options<Tick>().capacity(1 << 16).backpressure(DMXP_KEEP_LAST);
  auto prod = dmxp::Producer::open(o.channel, opts);
  if (!prod) {
    std::fprintf(stderr, "dmxp-hft-feed: %s\n", prod.error().what());
    return 1;
  }
  std::mt19937_64 rng(42);
  std::normal_distribution<double> step(0.0, 0.01);
  std::vector<double> mid(o.symbols);
  for (uint32_t s = 0; s < o.symbols; s++) mid[s] = 100.0 + 10.0 * s;

  const auto start = std::chrono::steady_clock::now();
  const double period_ns = o.rate > 0 ? 1e9 / o.rate : 0;
  for (uint64_t seq = 0; seq < o.count; seq++) {
    if (period_ns > 0) {  // paced: wait for this tick's time (spinning: sleeps are too coarse)
      auto due = start + std::chrono::nanoseconds(int64_t(seq * period_ns));
      while (std::chrono::steady_clock::now() < due) {
      }
    }
    uint32_t s = uint32_t(seq % o.symbols);
    mid[s] += step(rng);
    auto slot = prod.value().loan(sizeof(Tick));
    if (!slot) {
      std::fprintf(stderr, "dmxp-hft-feed: %s\n", slot.error().what());
      return 1;
    }
    auto* t = new (slot.value()) Tick();
    t->seq = seq;
    t->symbol = s;
    t->bid = mid[s] - 0.005;
    t->ask = mid[s] + 0.005;
    t->bid_size = 100 + uint32_t(seq % 7) * 100;
    t->ask_size = 100 + uint32_t(seq % 5) * 100;
    t->send_ns = monotonic_ns();
    prod.value().commit(sizeof(Tick));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "dmxp-hft-feed: %llu ticks in %.3f s (%.2f M ticks/s)\n", (unsigned long long)o.count, secs,
               o.count / secs / 1e6);
  return 0;
}
