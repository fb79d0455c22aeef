// A peer that rewrites the channel header's geometry while others attach must not move their
// accesses out of the mapping: the header is copied once, the copy is validated, and every
// offset and size is derived from that copy (review row 1). Here a flipper process toggles
// descriptor_size, slots_offset, capacity and max_consumers between their true values and
// hostile ones, while a reader process opens, inspects and reads the descriptor in a loop.
// Errors are fine (a header caught mid-flip is corrupt); a crash, or any successful call that
// reports a hostile value, fails the test. The sanitizer builds add out-of-bounds detection.
#include <fcntl.h>
#include <time.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <vector>

#include "segment_image.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

namespace layout = dmxp::layout;
using namespace handmade;

constexpr uint64_t kHostileDescriptorSize = 1ull << 40;
constexpr uint64_t kHostileSlotsOffset = 1ull << 40;
constexpr uint32_t kHostileCapacity = 1u << 24;
constexpr uint32_t kHostileMaxConsumers = 4096;
constexpr int kReadSeconds = 2;

// Maps /dev/shm/<segment> read-write into this process; nullptr on failure.
layout::ChannelHeader* map_header(const std::string& segment, size_t size) {
  int fd = shm_open(("/" + segment).c_str(), O_RDWR, 0);
  if (fd < 0) return nullptr;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  return p == MAP_FAILED ? nullptr : static_cast<layout::ChannelHeader*>(p);
}

uint64_t now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000 + uint64_t(ts.tv_nsec);
}

void spin(int n) {
  for (int i = 0; i < n; ++i) __builtin_ia32_pause();
}

// Hostile for a short while, then true for longer: most attaches see a consistent header,
// and each has a chance to read the field twice across a flip.
template <typename T>
void flip(T& field, T good, T hostile) {
  std::atomic_ref<T>(field).store(hostile, std::memory_order_relaxed);
  spin(32);
  std::atomic_ref<T>(field).store(good, std::memory_order_relaxed);
  spin(256);
}

// The flipper: toggles the four fields until killed.
int flip_forever(const std::string& segment, size_t size) {
  layout::ChannelHeader* h = map_header(segment, size);
  if (!h) return 2;
  const layout::ChannelHeader& g = *h;
  const uint64_t descriptor_size = g.descriptor_size, slots_offset = g.slots_offset;
  const uint32_t capacity = g.capacity, max_consumers = g.max_consumers;
  for (;;) {
    flip(h->descriptor_size, descriptor_size, kHostileDescriptorSize);
    flip(h->slots_offset, slots_offset, kHostileSlotsOffset);
    flip(h->capacity, capacity, kHostileCapacity);
    flip(h->max_consumers, max_consumers, kHostileMaxConsumers);
  }
}

struct ReadCounts {
  uint64_t attempts = 0, successes = 0;
};

// The reader: every successful call must describe the channel as it really is.
int read_while_flipping(ChildIo& io, const char* domain, const char* ch) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = domain;
  o.create = 0;
  std::vector<char> descriptor(2u << 20);  // larger than the mapping: an overread shows
  ReadCounts counts;
  uint64_t deadline = now_ns() + uint64_t(kReadSeconds) * 1'000'000'000;
  while (now_ns() < deadline) {
    size_t size = 0;
    counts.attempts += 4;
    if (dmxp_channel_descriptor_get(domain, ch, descriptor.data(), descriptor.size(), &size) ==
        DMXP_OK) {
      ++counts.successes;
      if (size != sizeof kDescriptor) {
        std::fprintf(stderr, "descriptor_get returned size %zu\n", size);
        return 3;
      }
    }
    dmxp_channel_info info;
    if (dmxp_channel_info_get(domain, ch, &info) == DMXP_OK) {
      ++counts.successes;
      if (info.capacity != kCapacity || info.consumers > kRecords || info.producers > kRecords) {
        std::fprintf(stderr, "info_get returned capacity %u, %u consumers, %u producers\n",
                     info.capacity, info.consumers, info.producers);
        return 4;
      }
    }
    dmxp_consumer* c = nullptr;
    if (dmxp_consumer_open(ch, &o, nullptr, &c) == DMXP_OK) {
      ++counts.successes;
      dmxp_message m;
      while (dmxp_consumer_try_receive(c, &m) == DMXP_OK) {
        if (m.size > kSlotSize) return 5;
      }
      dmxp_consumer_close(c);
    }
    dmxp_producer* p = nullptr;
    if (dmxp_producer_open(ch, &o, &p) == DMXP_OK) {
      ++counts.successes;
      (void)dmxp_producer_send(p, "flip", 4, 0, nullptr);
      dmxp_producer_close(p);
    }
  }
  return io.write_all(&counts, sizeof counts) ? 0 : 2;
}

using HeaderFlip = DomainTest;

TEST_F(HeaderFlip, GeometryRewrittenDuringAttachIsNeverUsed) {
  const char* ch = channel("flipped");
  std::vector<uint8_t> image = valid_image();
  ASSERT_EQ(plant_segment(segment(ch), image, off_t(image.size())), "");
  {
    ProducerHandle p = open_producer(ch, options());  // some messages: the tail is not 0
    ASSERT_TRUE(p);
    for (int i = 0; i < 3; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, nullptr));
  }
  const std::string seg = segment(ch);
  ChildProcess flipper = ChildProcess::fork([&](ChildIo&) { return flip_forever(seg, image.size()); });
  ChildProcess reader = ChildProcess::fork(
      [&](ChildIo& io) { return read_while_flipping(io, domain(), ch); });
  ReadCounts counts;
  bool reported = reader.read_exact(&counts, sizeof counts, kChildTimeoutMs);
  ExitStatus s = reader.wait(kChildTimeoutMs);
  EXPECT_EQ(flipper.kill_and_reap().signal, SIGKILL) << "the flipper ran until killed";
  ASSERT_TRUE(s.ok()) << s.describe();
  ASSERT_TRUE(reported);
  EXPECT_GT(counts.successes, 0u) << "the flips left no window: the test proves nothing";
  RecordProperty("attempts", std::to_string(counts.attempts));
  RecordProperty("successes", std::to_string(counts.successes));
}

}  // namespace
}  // namespace dmxp_test
