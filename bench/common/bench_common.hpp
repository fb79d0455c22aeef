// Shared plumbing for the C++ benchmark programs in bench/ (the program contract is in
// bench/README.md). Header-only so that every peer, and later dmxp_bench.cpp, measures the
// same way: same CLI, same pinning, same percentile maths, same throughput window, same JSON.
#pragma once

#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace bench {

[[noreturn]] inline void die(const char* fmt, ...) {
  std::va_list ap;
  va_start(ap, fmt);
  std::fputs("error: ", stderr);
  std::vfprintf(stderr, fmt, ap);
  std::fputc('\n', stderr);
  va_end(ap);
  std::exit(1);
}

// PAUSE measured ~30% faster than a bare spin on this VM (shared/BENCHMARKING.md).
inline void cpu_relax() { __builtin_ia32_pause(); }

inline uint64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline void pin_to(int cpu, bool enabled) {
  if (!enabled) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu % std::max(1, (int)std::thread::hardware_concurrency()), &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) die("sched_setaffinity(%d): %s", cpu, std::strerror(errno));
}

struct Args {
  std::string test;  // latency | throughput | probe
  size_t size = 64;
  long samples = 10000;
  std::string mode = "busy";  // busy | block
  int producers = 1, consumers = 1, batch = 1;
  double seconds = 1.0;
  bool pin = true;
};

inline Args parse_args(int argc, char** argv) {
  Args a;
  if (argc < 2) die("usage: %s latency|throughput [--size B] [--samples N] [--mode busy|block] "
                    "[--producers P] [--consumers C] [--batch B] [--seconds S] [--no-pin]", argv[0]);
  a.test = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--no-pin") { a.pin = false; continue; }
    if (i + 1 >= argc) die("missing value for %s", k.c_str());
    const char* v = argv[++i];
    if (k == "--size") a.size = std::strtoull(v, nullptr, 10);
    else if (k == "--samples") a.samples = std::strtol(v, nullptr, 10);
    else if (k == "--mode") a.mode = v;
    else if (k == "--producers") a.producers = std::atoi(v);
    else if (k == "--consumers") a.consumers = std::atoi(v);
    else if (k == "--batch") a.batch = std::atoi(v);
    else if (k == "--seconds") a.seconds = std::atof(v);
    else die("unknown option %s", k.c_str());
  }
  if (a.size < 8) a.size = 8;  // every message carries an 8-byte sequence header
  if (a.samples < 1 || a.producers < 1 || a.consumers < 1 || a.batch < 1 || a.seconds <= 0)
    die("counts and durations must be positive");
  if (a.producers > 32 || a.consumers > 32) die("at most 32 producers and 32 consumers");
  if (a.mode != "busy" && a.mode != "block") die("--mode must be busy or block");
  return a;
}

// Minimal JSON line builder: the orchestrator reads exactly one such line from stdout.
class Json {
 public:
  explicit Json(const std::string& peer, const std::string& test) { str("peer", peer); str("test", test); }
  Json& str(const char* k, const std::string& v) { key(k); s_ += '"' + v + '"'; return *this; }
  Json& num(const char* k, double v) {
    key(k);
    char b[64];
    std::snprintf(b, sizeof b, v == (double)(long long)v ? "%.0f" : "%.6g", v);
    s_ += b;
    return *this;
  }
  void print() { std::printf("{%s}\n", s_.c_str()); std::fflush(stdout); }
 private:
  void key(const char* k) { if (!s_.empty()) s_ += ','; s_ += '"'; s_ += k; s_ += "\":"; }
  std::string s_;
};

// Contract: unsupported combinations print a line and exit 0 so that the orchestrator skips them.
[[noreturn]] inline void unsupported(const std::string& peer, const Args& a, const std::string& why) {
  Json j(peer, a.test);
  j.num("size", a.size);
  if (a.test == "latency") j.str("mode", a.mode);
  else j.num("producers", a.producers).num("consumers", a.consumers).num("batch", a.batch);
  j.str("unsupported", why).print();
  std::exit(0);
}

inline uint64_t pct(const std::vector<uint64_t>& sorted, double p) {
  size_t i = std::min(sorted.size() - 1, (size_t)(p * (double)sorted.size()));
  return sorted[i];
}

// Samples are round trips; one-way latency is half of each.
inline void print_latency(const std::string& peer, const Args& a, std::vector<uint64_t> rtt,
                          size_t reported_size = 0) {
  for (auto& v : rtt) v /= 2;
  std::sort(rtt.begin(), rtt.end());
  Json(peer, "latency")
      .num("size", reported_size ? reported_size : a.size).str("mode", a.mode)
      .num("samples", rtt.size()).num("p50_ns", pct(rtt, 0.5)).num("p99_ns", pct(rtt, 0.99))
      .num("p999_ns", pct(rtt, 0.999)).num("max_ns", rtt.back())
      .print();
}

// Warm-up round trips before sampling: enough to fault in buffers and settle caches, few
// enough that 24 MiB copies don't dominate the run.
inline long warmup_count(const Args& a) { return std::clamp(a.samples / 10, 10L, 2000L); }

// Anonymous shared memory created before fork(): the control block every program uses.
template <class T>
T* shared_new() {
  void* p = mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap: %s", std::strerror(errno));
  return new (p) T();
}

// Runs fn in a forked child pinned to cpu; the child's return value is its exit status.
inline pid_t spawn(int cpu, bool pin, const std::function<int()>& fn) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) die("fork: %s", std::strerror(errno));
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a killed benchmark run
    pin_to(cpu, pin);
    int rc = 1;
    try { rc = fn(); } catch (const std::exception& e) { std::fprintf(stderr, "error: %s\n", e.what()); }
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(rc);  // skip the parent's atexit handlers and static destructors
  }
  return pid;
}

// Reaps a child; returns false (after a message) if it failed.
inline bool reap(pid_t pid, const char* what) {
  int st = 0;
  if (waitpid(pid, &st, 0) < 0) { std::fprintf(stderr, "error: waitpid: %s\n", std::strerror(errno)); return false; }
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return true;
  std::fprintf(stderr, "error: %s (pid %d) %s %d\n", what, pid,
               WIFSIGNALED(st) ? "killed by signal" : "exited with", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
  return false;
}

// Idle policy for throughput loops, the same for every peer: spin briefly with PAUSE, then
// yield, because 4->4 puts four processes on each of the two vCPUs and a pure spinner would
// burn the time slice that a runnable peer on the same CPU needs.
struct Backoff {
  int n = 0;
  void idle() { if (++n < 128) cpu_relax(); else { n = 0; sched_yield(); } }
  void reset() { n = 0; }
};

// ---- Throughput harness ----------------------------------------------------------------
struct alignas(64) Counter { std::atomic<uint64_t> v{0}; };

enum Phase : int { kSetup = 0, kRun = 1, kStop = 2, kDone = 3 };

struct Control {
  alignas(64) std::atomic<int> phase{kSetup};
  alignas(64) std::atomic<int> ready{0};
  alignas(64) std::atomic<int> finished{0};  // producers that stopped sending
  Counter sent[32];
  Counter recvd[32];
  // Spin-sleep until the parent starts the measurement; workers call this after their setup.
  void arrive_and_wait() {
    ready.fetch_add(1);
    while (phase.load(std::memory_order_acquire) < kRun) usleep(200);
  }
  // Producers call this after their loop, with their port still open: some transports
  // (iceoryx2) drop undelivered messages when the sending port goes away.
  void producer_done() {
    finished.fetch_add(1);
    while (phase.load(std::memory_order_acquire) != kDone) usleep(200);
  }
  bool producing() const { return phase.load(std::memory_order_relaxed) == kRun; }
  bool consuming() const { return phase.load(std::memory_order_relaxed) != kDone; }
};

struct ThroughputPeer {
  std::string name;
  std::string semantics;  // "broadcast": every consumer gets every message; "queue": exactly one does
  // Bodies run in forked children (producers pinned to CPU 0, consumers to CPU 1). Each sets
  // up, calls ctl->arrive_and_wait(), then loops: producers while ctl->producing() adding to
  // ctl->sent[i] and then call ctl->producer_done(); consumers while ctl->consuming() storing
  // their running total in ctl->recvd[i].
  std::function<int(int, Control*)> producer, consumer;
  int settle_ms = 0;  // extra wait after all are ready (e.g. iceoryx discovery runs every 100 ms)
};

inline void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

// Forks the workers, measures delivered messages over a steady-state window, then stops the
// producers and checks that nothing was lost before printing the JSON line.
inline int run_throughput(const Args& a, ThroughputPeer& peer) {
  auto* ctl = shared_new<Control>();
  std::vector<pid_t> prod, cons;
  for (int i = 0; i < a.consumers; ++i) cons.push_back(spawn(1, a.pin, [&, i] { return peer.consumer(i, ctl); }));
  for (int i = 0; i < a.producers; ++i) prod.push_back(spawn(0, a.pin, [&, i] { return peer.producer(i, ctl); }));
  auto kill_all = [&] { for (pid_t p : prod) kill(p, SIGKILL); for (pid_t p : cons) kill(p, SIGKILL); };
  auto total = [&] { uint64_t t = 0; for (int i = 0; i < a.consumers; ++i) t += ctl->recvd[i].v.load(); return t; };

  for (uint64_t t0 = now_ns(); ctl->ready.load() < a.producers + a.consumers; usleep(1000)) {
    int st;
    if (waitpid(-1, &st, WNOHANG) > 0) { kill_all(); die("%s: a worker died during setup", peer.name.c_str()); }
    if (now_ns() - t0 > 30'000'000'000ull) { kill_all(); die("%s: workers not ready after 30 s", peer.name.c_str()); }
  }
  sleep_s(peer.settle_ms / 1000.0);
  ctl->phase.store(kRun, std::memory_order_release);
  sleep_s(std::min(0.2, a.seconds / 4));  // warm-up: let queues fill and clocks ramp
  uint64_t c0 = total(), t0 = now_ns();
  sleep_s(a.seconds);
  uint64_t c1 = total(), t1 = now_ns();
  ctl->phase.store(kStop);

  bool ok = true;
  for (uint64_t t = now_ns(); ctl->finished.load() < a.producers;) {
    int st;
    if (waitpid(-1, &st, WNOHANG) > 0 || now_ns() - t > 30'000'000'000ull) {
      kill_all();
      die("%s: a producer died or hung at the end of the run", peer.name.c_str());
    }
    usleep(1000);
  }
  uint64_t sent = 0;
  for (int i = 0; i < a.producers; ++i) sent += ctl->sent[i].v.load();
  // Drain: wait until consumers have everything, giving up after 5 s without progress.
  auto complete = [&] {
    if (peer.semantics == "queue") return total() >= sent;
    for (int i = 0; i < a.consumers; ++i) if (ctl->recvd[i].v.load() < sent) return false;
    return true;
  };
  uint64_t last = total(), last_t = now_ns();
  while (ok && !complete()) {
    usleep(1000);
    if (total() != last) { last = total(); last_t = now_ns(); }
    else if (now_ns() - last_t > 5'000'000'000ull) break;
  }
  uint64_t expect = peer.semantics == "queue" ? sent : sent * a.consumers, got = total();
  ctl->phase.store(kDone);
  for (pid_t p : prod) ok &= reap(p, "producer");
  for (pid_t p : cons) ok &= reap(p, "consumer");
  if (!ok) die("%s: a worker failed", peer.name.c_str());
  if (got != expect)
    die("%s: not lossless: consumers got %llu of %llu messages", peer.name.c_str(),
        (unsigned long long)got, (unsigned long long)expect);
  double secs = (t1 - t0) / 1e9;
  Json(peer.name, "throughput")
      .num("size", a.size).num("producers", a.producers).num("consumers", a.consumers).num("batch", a.batch)
      .num("msgs_per_s", (double)(uint64_t)((c1 - c0) / secs)).num("messages", c1 - c0)
      .num("seconds", secs).str("semantics", peer.semantics).num("sent_total", sent)
      .print();
  return 0;
}

}  // namespace bench
