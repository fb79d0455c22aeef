// cli_test_frames - a fast KEEP_LAST producer of big untyped messages whose every byte is a
// known function of the message index, so a reader can tell an intact message from one that
// was overwritten while it was copied (tests/cli/process/frames.py checks them).
//
//   cli_test_frames --channel t.frames --size 2097152 --capacity 2 --rate 300 --seconds 3
//                   [--wait-consumers N]
//
// Message i (size bytes, a multiple of 8): word 0 = i, word 1 = size, word k >= 2 =
// splitmix64(i * 0x9E3779B97F4A7C15 + k). Each one is built in its ring slot (loan, fill,
// commit) the way the camera simulator builds frames, so a slow reader's held slot is
// rewritten in place. --rate 0: as fast as possible. Prints "ready" once the channel exists
// and "done <count>" after the last message.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>

#include "dmxp/dmxp.h"

namespace {

uint64_t splitmix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

void fill(uint64_t* words, size_t n, uint64_t i) {
  words[0] = i;
  words[1] = n * 8;
  uint64_t base = i * 0x9E3779B97F4A7C15ull;
  for (size_t k = 2; k < n; ++k) words[k] = splitmix64(base + k);
}

int fail(const char* what) {
  std::fprintf(stderr, "frames: %s: %s\n", what, dmxp_last_error());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string channel = "t.frames";
  size_t size = 2 << 20;
  uint32_t capacity = 2, wait_consumers = 0;
  double rate = 0, seconds = 2;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string v = i + 1 < argc ? argv[i + 1] : "";
    ++i;
    if (a == "--channel") channel = v;
    else if (a == "--size") size = std::stoul(v);
    else if (a == "--capacity") capacity = uint32_t(std::stoul(v));
    else if (a == "--rate") rate = std::stod(v);
    else if (a == "--seconds") seconds = std::stod(v);
    else if (a == "--wait-consumers") wait_consumers = uint32_t(std::stoul(v));
    else { std::fprintf(stderr, "frames: unknown argument %s\n", a.c_str()); return 2; }
  }
  if (size < 16 || size % 8) { std::fprintf(stderr, "frames: --size must be a multiple of 8, at least 16\n"); return 2; }
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.capacity = capacity;
  o.slot_size = uint32_t(size);
  o.backpressure = DMXP_KEEP_LAST;
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(channel.c_str(), &o, &p) != DMXP_OK) return fail("open");
  std::printf("ready\n");
  std::fflush(stdout);
  for (dmxp_channel_info info;;) {
    if (dmxp_channel_info_get(nullptr, channel.c_str(), &info) == DMXP_OK && info.consumers >= wait_consumers) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  auto start = std::chrono::steady_clock::now();
  auto end = start + std::chrono::duration<double>(seconds);
  auto period = std::chrono::duration<double>(rate > 0 ? 1 / rate : 0);
  uint64_t i = 0;
  for (auto now = start; now < end; now = std::chrono::steady_clock::now(), ++i) {
    void* slot = nullptr;
    if (dmxp_producer_loan(p, size, &slot, 0) != DMXP_OK) return fail("loan");
    fill(static_cast<uint64_t*>(slot), size / 8, i);
    if (dmxp_producer_commit(p, size, nullptr) != DMXP_OK) return fail("commit");
    if (rate > 0)
      std::this_thread::sleep_until(start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(period * double(i + 1)));
  }
  std::printf("done %llu\n", (unsigned long long)i);
  std::fflush(stdout);
  dmxp_producer_close(p);
  return 0;
}
