// dmxp_bench.cpp - DMXP's side of the benchmark suite (bench/run.py runs it interleaved with
// the peers). Same contract as every peer program: it forks its own counterpart processes and
// prints one JSON line.
//   dmxp-bench-dmxp latency --size B --samples N --mode busy|block
//   dmxp-bench-dmxp throughput --size B --producers P --consumers C --batch K --seconds S
//                   [--delivery broadcast|queue]
// Latency is a ping-pong over two channels, parent on CPU 0, child on CPU 1; each hop loans a
// slot and writes the first 64 bytes (payloads of any size travel by loan, as with iceoryx).
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"

namespace {

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu % std::max(1, int(sysconf(_SC_NPROCESSORS_ONLN))), &set);
  sched_setaffinity(0, sizeof set, &set);
}

struct Args {
  std::string test;
  size_t size = 64;
  uint64_t samples = 20000;
  std::string mode = "busy";
  int producers = 1, consumers = 1;
  uint32_t batch = 1;
  double seconds = 1.0;
  std::string delivery = "broadcast";
  bool pin = true;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "dmxp-bench-dmxp: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T need(dmxp::Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().what());
  return std::move(r).value();
}

std::string domain_name() { return "bench" + std::to_string(getpid()); }

void cleanup(const std::string& domain, const std::vector<std::string>& channels) {
  for (const auto& c : channels) dmxp_channel_remove(domain.c_str(), c.c_str());
  std::string keys = "/dev/shm/dmxp." + domain + ".keys";
  unlink(keys.c_str());
}

dmxp::ChannelOptions latency_channel(const std::string& domain, size_t size) {
  dmxp::ChannelOptions o;
  // Rings of large frames stay small: a ping-pong never has more than one in flight.
  uint32_t capacity = size >= (1u << 20) ? 4 : 64;
  o.domain(domain.c_str()).slot_size(uint32_t(std::max<size_t>(size, 64))).capacity(capacity);
  return o;
}

void hop(dmxp::Producer& out, size_t size, uint64_t stamp) {
  void* slot = need(out.loan(size), "loan");
  std::memcpy(slot, &stamp, sizeof stamp);  // the frame's header; the rest stays in place
  need(out.commit(size), "commit");
}

int latency(const Args& a) {
  std::string domain = domain_name();
  auto opts = latency_channel(domain, a.size);
  dmxp::ConsumerOptions copts;
  copts.spin_ns(a.mode == "busy" ? -1 : 0);
  // Create both channels before forking so neither side races the other's creation.
  { auto p1 = need(dmxp::Producer::open("ping", opts), "ping"); auto p2 = need(dmxp::Producer::open("pong", opts), "pong"); }
  uint64_t warmup = std::min<uint64_t>(a.samples / 10 + 100, 5000);
  uint64_t total = a.samples + warmup;
  pid_t child = fork();
  if (child == 0) {
    if (a.pin) pin(1);
    auto in = need(dmxp::Consumer::open("ping", opts, copts), "child consumer");
    auto out = need(dmxp::Producer::open("pong", opts), "child producer");
    for (uint64_t i = 0; i < total; ++i) {
      auto m = need(in.receive(), "child receive");
      uint64_t stamp;
      std::memcpy(&stamp, m.data(), sizeof stamp);
      in.release();
      hop(out, a.size, stamp);
    }
    _exit(0);
  }
  if (a.pin) pin(0);
  auto out = need(dmxp::Producer::open("ping", opts), "producer");
  auto in = need(dmxp::Consumer::open("pong", opts, copts), "consumer");
  std::vector<uint64_t> one_way;
  one_way.reserve(a.samples);
  for (uint64_t i = 0; i < total; ++i) {
    uint64_t t0 = now_ns();
    hop(out, a.size, t0);
    auto m = need(in.receive(), "receive");
    in.release();
    uint64_t t1 = now_ns();
    if (i >= warmup) one_way.push_back((t1 - t0) / 2);
    (void)m;
  }
  int status = 0;
  waitpid(child, &status, 0);
  cleanup(domain, {"ping", "pong"});
  std::sort(one_way.begin(), one_way.end());
  auto pct = [&](double q) { return one_way[size_t(q * double(one_way.size() - 1))]; };
  std::printf("{\"peer\":\"dmxp\",\"test\":\"latency\",\"size\":%zu,\"mode\":\"%s\",\"samples\":%zu,"
              "\"p50_ns\":%llu,\"p99_ns\":%llu,\"p999_ns\":%llu,\"max_ns\":%llu}\n",
              a.size, a.mode.c_str(), one_way.size(), (unsigned long long)pct(0.5),
              (unsigned long long)pct(0.99), (unsigned long long)pct(0.999),
              (unsigned long long)one_way.back());
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

struct Shared {
  std::atomic<int> ready;
  std::atomic<int> go;
  std::atomic<int> stop;
  std::atomic<uint64_t> received[64];
  std::atomic<uint64_t> start_ns, end_ns;
};

void produce(const Args& a, const dmxp::ChannelOptions& opts, Shared* sh) {
  auto p = need(dmxp::Producer::open("tput", opts), "producer");
  std::vector<size_t> sizes(a.batch, a.size);
  sh->ready.fetch_add(1);
  while (!sh->go.load()) sched_yield();
  while (!sh->stop.load(std::memory_order_relaxed)) {
    // Short timeouts keep a producer responsive to the stop flag when the ring is full.
    if (a.batch == 1) {
      void* slot = nullptr;
      if (dmxp_producer_loan(p.handle(), a.size, &slot, 10'000'000) != DMXP_OK) continue;
      std::memset(slot, 0x5a, a.size);
      dmxp_producer_commit(p.handle(), a.size, nullptr);
    } else {
      void* slots[256];
      if (dmxp_producer_loan_batch(p.handle(), a.batch, slots, 10'000'000) != DMXP_OK) continue;
      for (uint32_t i = 0; i < a.batch; ++i) std::memset(slots[i], 0x5a, a.size);
      dmxp_producer_commit_batch(p.handle(), sizes.data(), nullptr);
    }
  }
}

void consume(const Args& a, const dmxp::ChannelOptions& opts, Shared* sh, int index) {
  dmxp::ConsumerOptions co;
  co.start(DMXP_START_NEWEST);
  auto c = need(dmxp::Consumer::open("tput", opts, co), "consumer");
  sh->ready.fetch_add(1);
  dmxp_message views[256];
  uint64_t count = 0, sum = 0;
  uint32_t max = std::max<uint32_t>(a.batch, 1) * 4;
  while (!sh->stop.load(std::memory_order_relaxed)) {
    uint32_t n = 0;
    if (dmxp_consumer_receive_batch(c.handle(), views, std::min<uint32_t>(max, 256), &n,
                                    10'000'000) != DMXP_OK)
      continue;
    for (uint32_t i = 0; i < n; ++i) sum += static_cast<const uint8_t*>(views[i].data)[0];
    count += n;
    sh->received[index].store(count, std::memory_order_relaxed);
  }
  if (sum == 1) std::puts("");  // keep the reads
}

int throughput(const Args& a) {
  if (a.producers + a.consumers > 64) die("at most 64 processes");
  std::string domain = domain_name();
  dmxp::ChannelOptions opts;
  opts.domain(domain.c_str()).slot_size(uint32_t(std::max<size_t>(a.size, 8))).capacity(8192);
  opts.mode(a.delivery == "queue" ? DMXP_MODE_QUEUE : DMXP_MODE_BROADCAST);
  { auto p = need(dmxp::Producer::open("tput", opts), "create"); }
  auto* sh = static_cast<Shared*>(mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE,
                                       MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  new (sh) Shared{};
  std::vector<pid_t> kids;
  for (int i = 0; i < a.consumers; ++i) {
    pid_t pid = fork();
    if (pid == 0) { if (a.pin) pin(1); consume(a, opts, sh, i); _exit(0); }
    kids.push_back(pid);
  }
  for (int i = 0; i < a.producers; ++i) {
    pid_t pid = fork();
    if (pid == 0) { if (a.pin) pin(0); produce(a, opts, sh); _exit(0); }
    kids.push_back(pid);
  }
  while (sh->ready.load() < a.producers + a.consumers) usleep(1000);
  sh->go.store(1);
  usleep(200000);  // warm-up: let rings and caches reach steady state
  auto total = [&] {
    uint64_t t = 0;
    for (int i = 0; i < a.consumers; ++i) t += sh->received[i].load();
    return t;
  };
  uint64_t c0 = total(), t0 = now_ns();
  usleep(useconds_t(a.seconds * 1e6));
  uint64_t c1 = total(), t1 = now_ns();
  sh->stop.store(1);
  for (pid_t k : kids) waitpid(k, nullptr, 0);
  cleanup(domain, {"tput"});
  double secs = double(t1 - t0) / 1e9;
  std::printf("{\"peer\":\"dmxp\",\"test\":\"throughput\",\"size\":%zu,\"producers\":%d,"
              "\"consumers\":%d,\"batch\":%u,\"semantics\":\"%s\",\"msgs_per_s\":%.0f,"
              "\"messages\":%llu,\"seconds\":%.3f}\n",
              a.size, a.producers, a.consumers, a.batch, a.delivery.c_str(),
              double(c1 - c0) / secs, (unsigned long long)(c1 - c0), secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (argc < 2) die("usage: dmxp-bench-dmxp latency|throughput [options]");
  a.test = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string k = argv[i];
    auto val = [&]() -> std::string { if (i + 1 >= argc) die(k + " needs a value"); return argv[++i]; };
    if (k == "--size") a.size = std::strtoull(val().c_str(), nullptr, 10);
    else if (k == "--samples") a.samples = std::strtoull(val().c_str(), nullptr, 10);
    else if (k == "--mode") a.mode = val();
    else if (k == "--producers") a.producers = std::atoi(val().c_str());
    else if (k == "--consumers") a.consumers = std::atoi(val().c_str());
    else if (k == "--batch") a.batch = uint32_t(std::atoi(val().c_str()));
    else if (k == "--seconds") a.seconds = std::atof(val().c_str());
    else if (k == "--delivery") a.delivery = val();
    else if (k == "--no-pin") a.pin = false;
    else die("unknown option " + k);
  }
  if (a.batch == 0 || a.batch > 256) die("--batch must be in [1, 256]");
  if (a.test == "latency") return latency(a);
  if (a.test == "throughput") return throughput(a);
  die("unknown test " + a.test);
}
