// dmxp-bench-probe: the floor that every shared-memory transport is measured against.
//   probe      ~5000 cache-line round trips; its p50 says which vCPU placement band we are in
//              (shared/BENCHMARKING.md: A 25-35 ns, B 45-75 ns, C 180-205 ns).
//   latency    the same ping-pong, as peer "cacheline" (busy only, one cache line).
//   throughput a minimal SPSC ring of 64-byte slots, 1->1, as peer "raw-spsc".
#include "../common/bench_common.hpp"

using namespace bench;

namespace {

// One atomic bouncing between the two processes: the parent writes an odd value, the child
// answers with the next even one. Each round trip moves the line there and back.
struct PingLine { alignas(64) std::atomic<uint64_t> v{0}; };

std::vector<uint64_t> pingpong(long warmup, long samples, bool pin) {
  auto* line = shared_new<PingLine>();
  long total = warmup + samples;
  pid_t child = spawn(1, pin, [&] {
    for (uint64_t i = 0; i < (uint64_t)total; ++i) {
      while (line->v.load(std::memory_order_acquire) != 2 * i + 1) cpu_relax();
      line->v.store(2 * i + 2, std::memory_order_release);
    }
    return 0;
  });
  pin_to(0, pin);
  std::vector<uint64_t> rtt;
  rtt.reserve(samples);
  for (uint64_t i = 0; i < (uint64_t)total; ++i) {
    uint64_t t0 = now_ns();
    line->v.store(2 * i + 1, std::memory_order_release);
    while (line->v.load(std::memory_order_acquire) != 2 * i + 2) cpu_relax();
    if ((long)i >= warmup) rtt.push_back(now_ns() - t0);
  }
  if (!reap(child, "echo")) die("probe child failed");
  return rtt;
}

// Single-producer single-consumer ring; head and tail live on their own lines and each side
// keeps a cached copy of the other's index so that it touches the shared line only when needed.
constexpr size_t kSlots = 4096;
struct Ring {
  alignas(64) std::atomic<uint64_t> tail{0};  // written by the producer
  alignas(64) std::atomic<uint64_t> head{0};  // written by the consumer
  alignas(64) unsigned char slot[kSlots][64];
};

int ring_throughput(const Args& a) {
  if (a.producers != 1 || a.consumers != 1) unsupported("raw-spsc", a, "single-producer single-consumer ring only");
  if (a.size > 64) unsupported("raw-spsc", a, "slots are 64 bytes");
  auto* ring = shared_new<Ring>();
  const uint64_t B = a.batch;
  ThroughputPeer peer{"raw-spsc", "queue", {}, {}, 0};
  // Batch B: the producer publishes its tail once per B messages, the consumer frees slots
  // once per B messages (or when it has drained what was visible).
  peer.producer = [&](int i, Control* ctl) {
    unsigned char msg[64] = {};
    uint64_t tail = 0, head_cache = 0, n = 0;
    Backoff bo;
    ctl->arrive_and_wait();
    while (ctl->producing()) {
      for (uint64_t k = 0; k < B; ++k) {
        while (tail - head_cache >= kSlots) {
          head_cache = ring->head.load(std::memory_order_acquire);
          if (tail - head_cache >= kSlots) bo.idle();
        }
        std::memcpy(msg, &n, 8);
        std::memcpy(ring->slot[tail % kSlots], msg, a.size);
        ++tail, ++n;
      }
      ring->tail.store(tail, std::memory_order_release);
      ctl->sent[i].v.store(n, std::memory_order_relaxed);
      bo.reset();
    }
    ctl->producer_done();
    return 0;
  };
  peer.consumer = [&](int i, Control* ctl) {
    unsigned char msg[64];
    uint64_t head = 0, tail_cache = 0, expect = 0;
    Backoff bo;
    ctl->arrive_and_wait();
    while (ctl->consuming()) {
      if (head == tail_cache) tail_cache = ring->tail.load(std::memory_order_acquire);
      if (head == tail_cache) { bo.idle(); continue; }
      bo.reset();
      uint64_t end = std::min(tail_cache, head + B);
      for (; head < end; ++head) {
        std::memcpy(msg, ring->slot[head % kSlots], a.size);
        uint64_t seq;
        std::memcpy(&seq, msg, 8);
        if (seq != expect++) die("raw-spsc: sequence %llu, expected %llu", (unsigned long long)seq, (unsigned long long)expect - 1);
      }
      ring->head.store(head, std::memory_order_release);
      ctl->recvd[i].v.store(head, std::memory_order_relaxed);
    }
    return 0;
  };
  return run_throughput(a, peer);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "probe") {
    bool pin = !(argc >= 3 && std::string(argv[2]) == "--no-pin");
    auto rtt = pingpong(500, 5000, pin);
    for (auto& v : rtt) v /= 2;
    std::sort(rtt.begin(), rtt.end());
    Json("probe", "probe").num("samples", rtt.size()).num("p50_ns", pct(rtt, 0.5)).num("p99_ns", pct(rtt, 0.99)).print();
    return 0;
  }
  Args a = parse_args(argc, argv);
  if (a.test == "latency") {
    if (a.mode != "busy") unsupported("cacheline", a, "a bare cache line has no blocking wait");
    if (a.size > 64) unsupported("cacheline", a, "one cache line carries at most 64 bytes");
    print_latency("cacheline", a, pingpong(warmup_count(a), a.samples, a.pin), 8);
    return 0;
  }
  if (a.test == "throughput") return ring_throughput(a);
  unsupported("cacheline", a, "unknown test");
}
