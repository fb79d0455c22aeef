// A hostile peer with write access to a channel (its owner, or anyone on a world-writable
// one) rewrites it while other processes use it: every field of ChannelHeader in turn, then
// at random, random bytes of consumer records, producer records and slot headers, and the
// fields of the domain's key segment. Victim processes meanwhile open, send (copy, loan,
// batch), receive (blocking, try, batch, waitset, seek), list, get info and read the
// descriptor, every operation bounded by a short timeout. Errors are allowed; a crash, an
// out-of-bounds access (the sanitizer builds), an operation that outlives its bound (a
// watchdog names it), or a view larger than a slot is not.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "segments/layout.hpp"
#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

namespace L = dmxp::layout;

constexpr uint32_t kCapacity = 16;
constexpr uint32_t kSlotSize = 200;
constexpr uint32_t kRecords = 6;
constexpr int64_t kRunNs = 2'500'000'000;       // how long victims run, per channel variant
constexpr int64_t kOpTimeoutNs = 2'000'000;     // bound passed to every waiting call
constexpr int64_t kOpLimitNs = 5'000'000'000;   // an operation running longer is a hang
constexpr const char kDescriptor[] = "hostile peer test descriptor";

// Every field of ChannelHeader. identity: creator-written geometry; the hostile peer puts it
// back after a short while so that attaches keep succeeding between its attacks.
struct Field {
  const char* name;
  size_t offset, size;
  bool identity;
};
#define DMXP_FIELD(f, identity) \
  Field { #f, offsetof(L::ChannelHeader, f), sizeof(L::ChannelHeader::f), identity }
const Field kHeaderFields[] = {
    DMXP_FIELD(magic, true),            DMXP_FIELD(abi_version, true),
    DMXP_FIELD(header_size, true),      DMXP_FIELD(init_state, true),
    DMXP_FIELD(mode, true),             DMXP_FIELD(backpressure, true),
    DMXP_FIELD(capacity, true),         DMXP_FIELD(slot_size, true),
    DMXP_FIELD(slot_stride, true),      DMXP_FIELD(type_fingerprint, true),
    DMXP_FIELD(file_size, true),        DMXP_FIELD(consumers_offset, true),
    DMXP_FIELD(producers_offset, true), DMXP_FIELD(slots_offset, true),
    DMXP_FIELD(max_consumers, true),    DMXP_FIELD(max_producers, true),
    DMXP_FIELD(creator_pid, true),      DMXP_FIELD(reserved0, true),
    DMXP_FIELD(created_ns, true),       DMXP_FIELD(stall_timeout_ns, true),
    DMXP_FIELD(type_name, true),        DMXP_FIELD(descriptor_offset, true),
    DMXP_FIELD(descriptor_size, true),  DMXP_FIELD(tail, false),
    DMXP_FIELD(queue_head, false),      DMXP_FIELD(data_futex, false),
    DMXP_FIELD(data_waiters, false),    DMXP_FIELD(waitset_waiters, false),
    DMXP_FIELD(space_futex, false),     DMXP_FIELD(space_waiters, false),
    DMXP_FIELD(consumer_epoch, false),  DMXP_FIELD(waiter_recount, false),
    DMXP_FIELD(dropped, false),         DMXP_FIELD(repaired_slots, false),
    DMXP_FIELD(reclaimed_consumers, false),
};
constexpr size_t kFieldCount = sizeof kHeaderFields / sizeof kHeaderFields[0];
// And of the domain's key segment, which every channel of the domain uses.
#define DMXP_DOMAIN_FIELD(f, identity) \
  Field { #f, offsetof(L::DomainHeader, f), sizeof(L::DomainHeader::f), identity }
const Field kDomainFields[] = {
    DMXP_DOMAIN_FIELD(magic, true),      DMXP_DOMAIN_FIELD(abi_version, true),
    DMXP_DOMAIN_FIELD(init_state, true), DMXP_DOMAIN_FIELD(next_key, false),
    DMXP_DOMAIN_FIELD(doorbell, false),
};
#undef DMXP_DOMAIN_FIELD
#undef DMXP_FIELD

uint64_t now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000 + uint64_t(ts.tv_nsec);
}

struct Rng {
  uint64_t state;
  uint64_t next() { return state = splitmix64(state); }
  uint64_t below(uint64_t n) { return next() % n; }
};

void spin(uint64_t pauses) {
  for (uint64_t i = 0; i < pauses; ++i) __builtin_ia32_pause();
}

// A value worth trying in a field of size bytes that now holds original.
void hostile_bytes(Rng& rng, const uint8_t* original, size_t size, uint8_t* out) {
  uint64_t v = 0;
  std::memcpy(&v, original, std::min<size_t>(size, 8));
  switch (rng.below(8)) {
    case 0: v = 0; break;
    case 1: v = ~0ull; break;
    case 2: v += 1; break;
    case 3: v -= 1; break;
    case 4: v = 1ull << 40; break;
    case 5: v ^= 1ull << rng.below(size >= 8 ? 64 : size * 8); break;
    case 6: v = rng.below(64); break;
    default: v = rng.next(); break;
  }
  std::memcpy(out, original, size);
  std::memcpy(out, &v, std::min<size_t>(size, 8));
  if (size > 8) out[rng.below(size)] = uint8_t(rng.next());  // type_name: a stray byte too
}

// Random bytes at a random place of a table of count entries of entry bytes at offset.
void scribble(Rng& rng, uint8_t* base, uint64_t offset, uint64_t count, uint64_t entry) {
  uint8_t* e = base + offset + rng.below(count) * entry;
  size_t at = rng.below(entry), n = 1 + rng.below(8);
  for (size_t i = 0; i < n && at + i < entry; ++i) e[at + i] = uint8_t(rng.next());
}

uint8_t* map_segment(const std::string& segment, size_t size) {
  int fd = shm_open(("/" + segment).c_str(), O_RDWR, 0);
  if (fd < 0) return nullptr;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

// Rewrites field of the segment at base; identity fields are put back after a while.
void rewrite(Rng& rng, uint8_t* base, const Field& f) {
  uint8_t original[64], hostile[64];
  std::memcpy(original, base + f.offset, f.size);
  hostile_bytes(rng, original, f.size, hostile);
  std::memcpy(base + f.offset, hostile, f.size);
  spin(rng.below(4000));
  if (f.identity || rng.below(2)) std::memcpy(base + f.offset, original, f.size);
}

// The hostile peer: runs until killed. Each header field once in order, then at random.
int attack(const std::string& segment, size_t size, const std::string& keys, uint64_t seed) {
  uint8_t* base = map_segment(segment, size);
  uint8_t* domain = map_segment(keys, sizeof(L::DomainHeader));
  if (!base || !domain) return 2;
  // The true geometry, read once before the attack.
  const auto& h = *reinterpret_cast<const L::ChannelHeader*>(base);
  const uint64_t consumers = h.consumers_offset, producers = h.producers_offset;
  const uint64_t slots = h.slots_offset, stride = h.slot_stride;
  Rng rng{seed};
  for (uint64_t step = 0;; ++step) {
    uint64_t action = step < kFieldCount ? 0 : rng.below(6);
    if (action <= 1) {
      rewrite(rng, base, kHeaderFields[step < kFieldCount ? step : rng.below(kFieldCount)]);
    } else if (action == 5) {
      rewrite(rng, domain, kDomainFields[rng.below(std::size(kDomainFields))]);
    } else if (action == 2) {
      scribble(rng, base, consumers, kRecords, L::kRecordSize);
    } else if (action == 3) {
      scribble(rng, base, producers, kRecords, L::kRecordSize);
    } else {
      scribble(rng, base, slots, kCapacity, stride);  // slot headers and payloads
      scribble(rng, base, slots, kCapacity, L::kSlotHeaderSize);
    }
    spin(rng.below(20000));
  }
}

// ---- the victims ----

// What each victim thread is doing and since when, for the watchdog.
struct Activity {
  std::atomic<uint64_t> since{0};  // 0: between operations
  std::atomic<const char*> what{""};
};

class Op {
 public:
  Op(Activity& a, const char* what) : a_(a) {
    a_.what.store(what, std::memory_order_relaxed);
    a_.since.store(now_ns(), std::memory_order_release);
  }
  ~Op() { a_.since.store(0, std::memory_order_release); }

 private:
  Activity& a_;
};

struct Victim {
  const char* domain;
  const char* channel;
  dmxp_mode mode;
  uint64_t deadline;
  std::atomic<int> failure{0};  // an exit code: a view larger than a slot
  std::atomic<uint64_t> attached{0}, sent{0}, received{0}, inspected{0};
};

// Views can never exceed a slot: slot_size is validated against the stride, so at most this.
constexpr uint64_t kLargestView = L::align_up(L::kSlotHeaderSize + kSlotSize, 64) -
                                  L::kSlotHeaderSize;

void check_view(Victim& v, const dmxp_message& m) {
  if (m.size > kLargestView) {
    std::fprintf(stderr, "a view of %zu bytes in slots of %llu\n", m.size,
                 (unsigned long long)kLargestView);
    v.failure.store(5);
    return;
  }
  volatile uint8_t sink = 0;
  const auto* bytes = static_cast<const uint8_t*>(m.data);
  for (size_t i = 0; i < m.size; ++i) sink = sink ^ bytes[i];  // out of bounds shows here
  ++v.received;
}

dmxp_channel_options victim_options(const Victim& v) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = v.domain;
  o.create = 0;
  return o;
}

void produce(Victim& v, Activity& a, uint64_t seed) {
  Rng rng{seed};
  std::vector<uint8_t> body(kSlotSize + 16, 0x5A);
  while (now_ns() < v.deadline) {
    dmxp_channel_options o = victim_options(v);
    dmxp_producer* p = nullptr;
    {
      Op op(a, "producer open");
      if (dmxp_producer_open(v.channel, &o, &p) != DMXP_OK) continue;
      ++v.attached;
    }
    for (int i = 0; i < 20 && now_ns() < v.deadline; ++i) {
      size_t size = rng.below(body.size() + 1);
      switch (rng.below(5)) {
        case 0: {
          Op op(a, "send");
          if (dmxp_producer_send(p, body.data(), size, kOpTimeoutNs, nullptr) == DMXP_OK) ++v.sent;
          break;
        }
        case 1: {
          Op op(a, "loan + commit");
          void* buf = nullptr;
          if (dmxp_producer_loan(p, size, &buf, kOpTimeoutNs) != DMXP_OK) break;
          std::memset(buf, 0x33, size);
          if (dmxp_producer_commit(p, size, nullptr) == DMXP_OK) ++v.sent;
          break;
        }
        case 2: {
          Op op(a, "loan + abort");
          void* buf = nullptr;
          if (dmxp_producer_loan(p, 8, &buf, kOpTimeoutNs) == DMXP_OK) dmxp_producer_abort(p);
          break;
        }
        case 3: {
          Op op(a, "loan_batch + commit_batch");
          void* bufs[3] = {};
          if (dmxp_producer_loan_batch(p, 3, bufs, kOpTimeoutNs) != DMXP_OK) break;
          size_t sizes[3] = {1, 2, 3};
          for (int k = 0; k < 3; ++k) std::memset(bufs[k], k, sizes[k]);
          if (dmxp_producer_commit_batch(p, sizes, nullptr) == DMXP_OK) v.sent += 3;
          break;
        }
        default: {
          Op op(a, "send_batch");
          dmxp_iovec iov[2] = {{body.data(), 4}, {body.data(), size}};
          if (dmxp_producer_send_batch(p, iov, 2, kOpTimeoutNs, nullptr) == DMXP_OK) v.sent += 2;
          break;
        }
      }
    }
    Op op(a, "producer close");
    dmxp_producer_close(p);
  }
}

void consume(Victim& v, Activity& a, uint64_t seed, int index) {
  Rng rng{seed};
  const std::string name = "victim" + std::to_string(getpid()) + "-" + std::to_string(index);
  while (now_ns() < v.deadline) {
    dmxp_channel_options o = victim_options(v);
    dmxp_consumer_options co;
    dmxp_consumer_options_init(&co);
    if (rng.below(3) == 0) co.name = name.c_str();
    co.start = rng.below(2) ? DMXP_START_OLDEST : DMXP_START_NEWEST;
    co.passive = v.mode == DMXP_MODE_BROADCAST && rng.below(4) == 0;
    co.spin_ns = 0;
    dmxp_consumer* c = nullptr;
    {
      Op op(a, "consumer open");
      if (dmxp_consumer_open(v.channel, &o, &co, &c) != DMXP_OK) continue;
      ++v.attached;
    }
    for (int i = 0; i < 30 && now_ns() < v.deadline && v.failure.load() == 0; ++i) {
      dmxp_message m[4];
      switch (rng.below(6)) {
        case 0: {
          Op op(a, "receive");
          if (dmxp_consumer_receive(c, &m[0], kOpTimeoutNs) == DMXP_OK) check_view(v, m[0]);
          break;
        }
        case 1: {
          Op op(a, "try_receive");
          if (dmxp_consumer_try_receive(c, &m[0]) == DMXP_OK) check_view(v, m[0]);
          break;
        }
        case 2: {
          Op op(a, "receive_batch");
          uint32_t n = 0;
          if (dmxp_consumer_receive_batch(c, m, 4, &n, kOpTimeoutNs) == DMXP_OK)
            for (uint32_t k = 0; k < n && k < 4; ++k) check_view(v, m[k]);
          break;
        }
        case 3: {
          Op op(a, "release");
          (void)dmxp_consumer_release(c);
          (void)dmxp_consumer_lost(c);
          break;
        }
        case 4: {
          Op op(a, "seek");
          (void)dmxp_consumer_seek(c, rng.below(2) ? rng.next() : 0);
          break;
        }
        default: {
          Op op(a, "waitset wait");
          dmxp_waitset* w = nullptr;
          if (dmxp_waitset_create(&w) != DMXP_OK) break;
          uint8_t ready[1];
          size_t count = 0;
          if (dmxp_waitset_add(w, c) == DMXP_OK)
            (void)dmxp_waitset_wait(w, ready, 1, &count, kOpTimeoutNs);
          dmxp_waitset_destroy(w);
          break;
        }
      }
    }
    Op op(a, "consumer close");
    dmxp_consumer_close(c);
  }
}

int count_listed(const dmxp_channel_info* info, int status, void* user) {
  if (status == DMXP_OK && info->capacity > L::kMaxCapacity) return 1;
  ++*static_cast<uint64_t*>(user);
  return 0;
}

void inspect(Victim& v, Activity& a) {
  std::vector<char> descriptor(64 * 1024);
  while (now_ns() < v.deadline) {
    {
      Op op(a, "list");
      uint64_t listed = 0;
      (void)dmxp_channel_list(v.domain, count_listed, &listed);
    }
    {
      Op op(a, "info");
      dmxp_channel_info info;
      if (dmxp_channel_info_get(v.domain, v.channel, &info) == DMXP_OK) ++v.inspected;
    }
    {
      Op op(a, "descriptor");
      size_t size = 0;
      if (dmxp_channel_descriptor_get(v.domain, v.channel, descriptor.data(), descriptor.size(),
                                      &size) == DMXP_OK && size > L::kMaxDescriptorSize) {
        std::fprintf(stderr, "descriptor of %zu bytes\n", size);
        v.failure.store(6);
      }
    }
    {
      Op op(a, "consumers");
      (void)dmxp_channel_consumers(v.domain, v.channel,
                                   [](const dmxp_consumer_record_info*, void*) { return 0; },
                                   nullptr);
    }
  }
}

struct VictimCounts {
  uint64_t attached, sent, received, inspected;
};

// Each role runs in a process of its own, single-threaded but for the watchdog: the sanitizer
// builds then see only what one process does (ThreadSanitizer would otherwise report the
// keep-last seqlock reads racing with writers, which are by design).
enum class Role { kProducer, kConsumer, kInspector };
constexpr Role kRoles[] = {Role::kProducer, Role::kProducer, Role::kConsumer, Role::kConsumer,
                           Role::kInspector};

// A victim process: one role, watched for operations that outlive their bound.
int victim(ChildIo& io, const char* domain, const char* ch, dmxp_mode mode, Role role,
           uint64_t seed) {
  Victim v{domain, ch, mode, now_ns() + uint64_t(kRunNs)};
  Activity activity;
  std::atomic<bool> finished{false};
  std::thread worker([&] {
    if (role == Role::kProducer) produce(v, activity, seed);
    else if (role == Role::kConsumer) consume(v, activity, seed, int(seed % 1000));
    else inspect(v, activity);
    finished.store(true);
  });
  while (!finished.load()) {
    usleep(20'000);
    uint64_t now = now_ns(), since = activity.since.load(std::memory_order_acquire);
    if (since != 0 && now > since + uint64_t(kOpLimitNs)) {
      std::fprintf(stderr, "hang: '%s' has run for %.1f s\n", activity.what.load(),
                   double(now - since) / 1e9);
      _exit(9);
    }
  }
  worker.join();
  if (int f = v.failure.load()) return f;
  VictimCounts counts{v.attached.load(), v.sent.load(), v.received.load(), v.inspected.load()};
  return io.write_all(&counts, sizeof counts) ? 0 : 2;
}

struct Variant {
  dmxp_mode mode;
  dmxp_backpressure backpressure;
};

class HostilePeer : public DomainTest, public ::testing::WithParamInterface<Variant> {};

TEST(HostilePeerFields, TableCoversEveryIdentityByte) {
  size_t covered = 0;
  for (const Field& f : kHeaderFields)
    if (f.identity) covered += f.size;
  EXPECT_EQ(covered, offsetof(L::ChannelHeader, pad0)) << "a header field is missing";
}

TEST_P(HostilePeer, ErrorsAreAllowedCrashesHangsAndOverreadsAreNot) {
  const Variant variant = GetParam();
  dmxp_channel_options o = options();
  o.mode = variant.mode;
  o.backpressure = variant.backpressure;
  o.capacity = kCapacity;
  o.slot_size = kSlotSize;
  o.max_consumers = kRecords;
  o.max_producers = kRecords;
  o.stall_timeout_ns = 1'000'000;  // repairs and reclaims run often
  o.type_name = "test/Hostile";
  o.type_descriptor = kDescriptor;
  o.type_descriptor_size = sizeof kDescriptor;
  const char* ch = channel("target");
  ProducerHandle creator = open_producer(ch, o);
  ASSERT_TRUE(creator);
  const uint64_t file_size = info(ch).file_size;
  creator.reset();

  // A new attack each run; DMXP_HOSTILE_SEED=<seed> replays one (the seed is printed).
  const char* replay = std::getenv("DMXP_HOSTILE_SEED");
  const uint64_t seed = replay ? std::strtoull(replay, nullptr, 10) : now_ns();
  RecordProperty("seed", std::to_string(seed));
  SCOPED_TRACE("DMXP_HOSTILE_SEED=" + std::to_string(seed));
  const std::string seg = segment(ch);
  const std::string keys = keys_segment();
  ChildProcess attacker =
      ChildProcess::fork([&](ChildIo&) { return attack(seg, file_size, keys, seed); });
  std::vector<ChildProcess> victims;
  for (size_t i = 0; i < std::size(kRoles); ++i)
    victims.push_back(ChildProcess::fork([&](ChildIo& io) {
      return victim(io, domain(), ch, variant.mode, kRoles[i], seed + 1000 * (i + 1));
    }));
  VictimCounts total{};
  for (ChildProcess& v : victims) {
    VictimCounts counts{};
    bool reported = v.read_exact(&counts, sizeof counts, kChildTimeoutMs);
    ExitStatus s = v.wait(kChildTimeoutMs);
    EXPECT_TRUE(s.ok()) << "victim: " << s.describe();
    if (!reported) continue;
    total.attached += counts.attached;
    total.sent += counts.sent;
    total.received += counts.received;
    total.inspected += counts.inspected;
  }
  EXPECT_EQ(attacker.kill_and_reap().signal, SIGKILL) << "the attacker ran until killed";
  // The victims attached between the attacks, so their operations ran on a mapped channel
  // (whether sends and receives then succeed depends on what the attack left: a queue head
  // thrown far ahead stays there).
  EXPECT_GT(total.attached, 0u);
  EXPECT_GT(total.inspected, 0u);
  RecordProperty("attached", std::to_string(total.attached));
  RecordProperty("sent", std::to_string(total.sent));
  RecordProperty("received", std::to_string(total.received));
  RecordProperty("inspected", std::to_string(total.inspected));
}

INSTANTIATE_TEST_SUITE_P(
    Modes, HostilePeer,
    ::testing::Values(Variant{DMXP_MODE_BROADCAST, DMXP_RELIABLE},
                      Variant{DMXP_MODE_BROADCAST, DMXP_KEEP_LAST},
                      Variant{DMXP_MODE_QUEUE, DMXP_RELIABLE},
                      Variant{DMXP_MODE_QUEUE, DMXP_KEEP_LAST}),
    [](const ::testing::TestParamInfo<Variant>& i) {
      return std::string(i.param.mode == DMXP_MODE_QUEUE ? "Queue" : "Broadcast") +
             (i.param.backpressure == DMXP_KEEP_LAST ? "KeepLast" : "Reliable");
    });

}  // namespace
}  // namespace dmxp_test
