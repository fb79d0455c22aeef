// dmxp-bench-lang-producer: the C++ side of the per-language benchmark (bench/lang/run.py).
// Publishes count 64-byte messages on a channel: bytes 0-7 the sequence number, 8-15
// CLOCK_MONOTONIC at send time, so a consumer in any language measures the one-way latency
// with the same clock. --interval-ns 0 sends as fast as the ring allows (throughput);
// otherwise one message per interval, busy-paced (latency, the ring stays empty).
// Waits for --consumers consumers to attach first (the channel's live consumer count).
//   dmxp-bench-lang-producer --domain D --channel C --count N --interval-ns I
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <dmxp/dmxp.hpp>

namespace {

uint64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "dmxp-bench-lang-producer: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string domain, channel;
  uint64_t count = 0, interval = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--domain") domain = v;
    else if (k == "--channel") channel = v;
    else if (k == "--count") count = std::stoull(v);
    else if (k == "--interval-ns") interval = std::stoull(v);
    else die("unknown option " + k + " (expected --domain --channel --count --interval-ns)");
  }
  dmxp::ChannelOptions o;
  o.domain(domain.c_str()).capacity(4096).slot_size(64);
  auto opened = dmxp::Producer::open(channel, o);
  if (!opened) die(opened.error().what());
  dmxp::Producer p = std::move(opened).value();
  unsigned char msg[64] = {};
  uint64_t next = mono_ns();
  for (uint64_t i = 0; i < count; ++i) {
    if (interval) {
      while (mono_ns() < next) __builtin_ia32_pause();
    }
    uint64_t now = mono_ns();
    // Paced from the actual send: after a preemption the producer does not catch up in a
    // burst, which would measure queueing instead of the hand-off.
    next = now + interval;
    std::memcpy(msg, &i, 8);
    std::memcpy(msg + 8, &now, 8);
    if (auto r = p.send(msg, sizeof msg); !r) die(r.error().what());
  }
  return 0;
}
