// dmxp-pybench-feed - the C++ side of bench/python/bench_python.py: a producer pinned to
// CPU 0 (unless --no-pin).
//
//   flood   --channel C --size B --seconds S      RELIABLE: sends B-byte messages as fast as
//                                                 the consumer takes them, for S seconds
//   latency --channel C --size B --samples N --interval-us U
//                                                 one message every U us; its first 8 bytes
//                                                 are CLOCK_MONOTONIC ns taken right before
//                                                 commit (the payload is written before)
//
// Both wait until a consumer is attached (up to 10 s) and print one JSON line when done.
#include <sched.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <dmxp/dmxp.hpp>

namespace {

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct Args {
  std::string mode, channel = "pybench";
  size_t size = 64;
  double seconds = 2;
  uint64_t samples = 1000;
  int64_t interval_us = 1000;
  bool pin = true;
};

bool parse(int argc, char** argv, Args& a) {
  if (argc < 2) return false;
  a.mode = argv[1];
  for (int i = 2; i < argc; i++) {
    std::string k = argv[i];
    if (k == "--no-pin") { a.pin = false; continue; }
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (k == "--channel") a.channel = v;
    else if (k == "--size") a.size = std::stoull(v);
    else if (k == "--seconds") a.seconds = std::stod(v);
    else if (k == "--samples") a.samples = std::stoull(v);
    else if (k == "--interval-us") a.interval_us = std::stoll(v);
    else return false;
  }
  return (a.mode == "flood" || a.mode == "latency") && a.size >= 8;
}

bool wait_for_consumer(const std::string& channel) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  dmxp_channel_info info;
  while (std::chrono::steady_clock::now() < until) {
    if (dmxp_channel_info_get(nullptr, channel.c_str(), &info) == DMXP_OK && info.consumers > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse(argc, argv, a)) {
    std::fprintf(stderr, "usage: dmxp-pybench-feed flood|latency --channel C --size B [--seconds S] "
                         "[--samples N] [--interval-us U] [--no-pin]\n");
    return 2;
  }
  if (a.pin) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    sched_setaffinity(0, sizeof set, &set);
  }
  auto prod = dmxp::Producer::open(a.channel);  // the consumer created it with its geometry
  if (!prod || !wait_for_consumer(a.channel)) {
    std::fprintf(stderr, "dmxp-pybench-feed: %s\n", prod ? "no consumer attached" : prod.error().what());
    return 1;
  }
  dmxp::Producer& p = prod.value();
  if (a.mode == "flood") {
    std::string payload(a.size, 'x');
    uint64_t sent = 0;
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(a.seconds);
    while (std::chrono::steady_clock::now() < end) {
      for (int i = 0; i < 256; i++, sent++) {
        std::memcpy(payload.data(), &sent, 8);
        if (auto r = p.send(payload.data(), payload.size(), 100'000'000); !r) {
          std::fprintf(stderr, "dmxp-pybench-feed: %s\n", r.error().what());
          return 1;
        }
      }
    }
    std::printf("{\"mode\":\"flood\",\"sent\":%llu}\n", (unsigned long long)sent);
    return 0;
  }
  for (uint64_t s = 0; s < a.samples; s++) {
    auto slot = p.loan(a.size);
    if (!slot) {
      std::fprintf(stderr, "dmxp-pybench-feed: %s\n", slot.error().what());
      return 1;
    }
    auto* bytes = static_cast<unsigned char*>(slot.value());
    bytes[a.size - 1] = uint8_t(s);  // the payload is written (here: touched) before the stamp
    int64_t now = monotonic_ns();
    std::memcpy(bytes, &now, 8);
    p.commit(a.size);
    int64_t next = now + a.interval_us * 1000;
    while (monotonic_ns() < next) {
    }
  }
  std::printf("{\"mode\":\"latency\",\"samples\":%llu}\n", (unsigned long long)a.samples);
  return 0;
}
