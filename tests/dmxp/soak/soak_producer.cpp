// soak_producer.cpp - a producer process of the soak: one producer handle per channel, each
// sending self-checking messages at its channel's rate (single messages and atomic batches,
// copied or written in place into loans), and a ledger per channel so that the checker
// knows what was committed even after a SIGKILL (protocol in soak_shm.hpp).
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "payload.hpp"
#include "soak_roles.hpp"
#include "soak_shm.hpp"
#include "soak_wire.hpp"

namespace dmxp_soak {
namespace {

constexpr uint32_t kMaxBatch = 16;
constexpr int64_t kRetryNapNs = 1'000'000;  // after a send that timed out or would block

// Send timeouts per producer slot: two block longer than the stall timeout (so they are the
// ones that notice dead consumers), one shorter, one never waits (a polling producer).
constexpr int64_t kSendTimeoutNs[kProducers] = {200'000'000, 100'000'000, 10'000'000, 0};

volatile sig_atomic_t g_stop = 0;
void on_term(int) { g_stop = 1; }

struct Rng {
  uint64_t s;
  uint64_t next() { return s = dmxp_test::splitmix64(s); }
  double unit() { return double(next() >> 11) * 0x1.0p-53; }
  uint32_t range(uint32_t lo, uint32_t hi) { return lo + uint32_t(next() % (hi - lo + 1ull)); }
};

uint32_t pick_size(const ChannelSpec& spec, Rng& rng) {
  uint32_t total = 0;
  for (const SizeBucket& b : spec.sizes) total += b.weight;
  uint32_t r = uint32_t(rng.next() % total);
  const SizeBucket* bucket = &spec.sizes.back();
  for (const SizeBucket& b : spec.sizes) {
    if (r < b.weight) { bucket = &b; break; }
    r -= b.weight;
  }
  double lo = std::log(double(bucket->min)), hi = std::log(double(bucket->max) + 1);
  uint32_t size = uint32_t(std::exp(lo + rng.unit() * (hi - lo)));
  if (size < bucket->min) size = bucket->min;
  if (size > bucket->max) size = bucket->max;
  return size > spec.slot_size ? spec.slot_size : size;
}

// Tells the supervisor a loan is held while a large message is written in place (long
// enough for a SIGKILL to land before the commit), so that some kills need repair.
struct InLoan {
  static constexpr size_t kLarge = 32 * 1024;
  InLoan(ProcessSlot& p, size_t bytes) : p_(p), on_(bytes >= kLarge) {
    if (on_) p_.holding.store(1, std::memory_order_relaxed);
  }
  ~InLoan() {
    if (on_) p_.holding.store(0, std::memory_order_relaxed);
  }
  ProcessSlot& p_;
  bool on_;
};

// One channel of this producer.
struct Lane {
  int index = 0;
  const ChannelSpec* spec = nullptr;
  dmxp_producer* producer = nullptr;
  Ledger* ledger = nullptr;
  Rng rng{0};
  uint64_t seq = 0;       // next seq to send
  uint64_t prev_key = 0;  // key of seq - 1
  int64_t next_due = 0;
  int64_t interval_ns = 0;
  // The send in progress, kept across retries so that a retry sends the same messages.
  uint32_t count = 0;
  uint32_t sizes[kMaxBatch] = {};
};

class ProducerProcess {
 public:
  ProducerProcess(const Options& o, ControlBlock* cb)
      : o_(o), slot_(cb->producers[o.slot]),
        timeout_ns_(o.send_timeout_ms >= 0 ? o.send_timeout_ms * 1'000'000
                                           : kSendTimeoutNs[o.slot]) {}
  int run();

 private:
  bool open_lanes();
  void choose_batch(Lane& l);
  WireSpec wire_spec(const Lane& l, uint32_t i) const;
  int send(Lane& l, uint64_t* first_key);
  int step(Lane& l, int64_t now);
  void close_lanes();

  const Options& o_;
  ProducerSlot& slot_;
  std::vector<Lane> lanes_;
  std::vector<uint8_t> scratch_;
  int64_t timeout_ns_ = 0;
};

bool ProducerProcess::open_lanes() {
  const auto& specs = channel_specs();
  int64_t now = monotonic_ns();
  for (size_t i = 0; i < specs.size(); ++i) {
    Lane l;
    l.index = int(i);
    l.spec = &specs[i];
    l.ledger = &slot_.ledgers[i];
    l.rng.s = o_.seed ^ (uint64_t(o_.slot) << 40) ^ (uint64_t(o_.incarnation) << 20) ^ i;
    l.interval_ns = int64_t(1e9 / (l.spec->rate * o_.rate_scale));
    l.next_due = now + int64_t(l.rng.unit() * double(l.interval_ns));
    dmxp_channel_options co = channel_options(o_, *l.spec, false);
    if (int rc = dmxp_producer_open(l.spec->name, &co, &l.producer); rc != DMXP_OK) {
      std::fprintf(stderr, "soak producer %d.%u: open %s: %s: %s\n", o_.slot, o_.incarnation,
                   l.spec->name, dmxp_strerror(rc), dmxp_last_error());
      return false;
    }
    lanes_.push_back(l);
  }
  return true;
}

void ProducerProcess::choose_batch(Lane& l) {
  const ChannelSpec& s = *l.spec;
  l.count = 1;
  if (s.batch_percent && l.rng.range(1, 100) <= s.batch_percent)
    l.count = l.rng.range(2, s.batch_max < kMaxBatch ? s.batch_max : kMaxBatch);
  for (uint32_t i = 0; i < l.count; ++i) l.sizes[i] = pick_size(s, l.rng);
}

WireSpec ProducerProcess::wire_spec(const Lane& l, uint32_t i) const {
  WireSpec w;
  w.producer = uint32_t(o_.slot);
  w.incarnation = o_.incarnation;
  w.seq = l.seq + i;
  w.channel = uint32_t(l.index);
  w.prev_key = i == 0 ? l.prev_key : 0;  // later keys of a batch are unknown until commit
  w.batch_index = i;
  w.batch_count = l.count;
  return w;
}

int ProducerProcess::send(Lane& l, uint64_t* first_key) {
  if (l.spec->zero_copy) {
    void* bufs[kMaxBatch];
    if (l.count == 1) {
      if (int rc = dmxp_producer_loan(l.producer, l.sizes[0], &bufs[0], timeout_ns_))
        return rc;
      InLoan mark(slot_.proc, l.sizes[0]);
      write_wire(bufs[0], l.sizes[0], wire_spec(l, 0));
      return dmxp_producer_commit(l.producer, l.sizes[0], first_key);
    }
    if (int rc = dmxp_producer_loan_batch(l.producer, l.count, bufs, timeout_ns_)) return rc;
    InLoan mark(slot_.proc, l.sizes[0]);
    size_t sizes[kMaxBatch];
    for (uint32_t i = 0; i < l.count; ++i) {
      write_wire(bufs[i], l.sizes[i], wire_spec(l, i));
      sizes[i] = l.sizes[i];
    }
    return dmxp_producer_commit_batch(l.producer, sizes, first_key);
  }
  size_t total = 0;
  for (uint32_t i = 0; i < l.count; ++i) total += l.sizes[i];
  if (scratch_.size() < total) scratch_.resize(total);
  dmxp_iovec iov[kMaxBatch];
  size_t at = 0;
  for (uint32_t i = 0; i < l.count; ++i) {
    write_wire(scratch_.data() + at, l.sizes[i], wire_spec(l, i));
    iov[i] = {scratch_.data() + at, l.sizes[i]};
    at += l.sizes[i];
  }
  if (l.count == 1)
    return dmxp_producer_send(l.producer, iov[0].data, iov[0].size, timeout_ns_, first_key);
  return dmxp_producer_send_batch(l.producer, iov, l.count, timeout_ns_, first_key);
}

// One send attempt on lane l. Returns 0, or a status that ends the process.
int ProducerProcess::step(Lane& l, int64_t now) {
  if (l.count == 0) choose_batch(l);
  if (l.seq + l.count > kMaxCompactSeq) {  // days of sending; stop this lane quietly
    l.next_due = INT64_MAX;
    return 0;
  }
  Ledger& led = *l.ledger;
  // SYNC POINT (ledger): pending_end is visible before anything of this send can be received.
  led.pending_end.store(l.seq + l.count, std::memory_order_release);
  if (led.attempt_ns.load(std::memory_order_relaxed) == 0)
    led.attempt_ns.store(now, std::memory_order_relaxed);
  uint64_t key = 0;
  int rc = send(l, &key);
  if (rc == DMXP_OK) {
    size_t bytes = 0;
    for (uint32_t i = 0; i < l.count; ++i) bytes += l.sizes[i];
    l.prev_key = key + l.count - 1;
    l.seq += l.count;
    led.last_key.store(l.prev_key, std::memory_order_relaxed);
    led.bytes.fetch_add(bytes, std::memory_order_relaxed);
    led.committed.store(l.seq, std::memory_order_release);
    led.attempt_ns.store(0, std::memory_order_relaxed);
    l.next_due += int64_t(l.count) * l.interval_ns;
    if (l.next_due < now - 1'000'000'000) l.next_due = now;  // no catch-up burst after a stall
    l.count = 0;
    return 0;
  }
  led.pending_end.store(l.seq, std::memory_order_release);  // nothing of it was committed
  if (rc == DMXP_ERR_TIMEOUT || rc == DMXP_ERR_WOULD_BLOCK) {
    led.timeouts.fetch_add(1, std::memory_order_relaxed);
    l.next_due = now + kRetryNapNs;  // the same messages again, after the other lanes
    return 0;
  }
  if (rc == DMXP_ERR_INTERRUPTED) return 0;
  std::fprintf(stderr, "soak producer %d.%u: send on %s (seq %llu, %u messages): %s: %s\n",
               o_.slot, o_.incarnation, l.spec->name, (unsigned long long)l.seq, l.count,
               dmxp_strerror(rc), dmxp_last_error());
  return rc;
}

void ProducerProcess::close_lanes() {
  for (Lane& l : lanes_) dmxp_producer_close(l.producer);
  lanes_.clear();
}

int ProducerProcess::run() {
  slot_.proc.pid.store(getpid(), std::memory_order_relaxed);
  if (!open_lanes()) return 3;
  slot_.proc.state.store(uint32_t(ProcState::kReady), std::memory_order_release);
  int result = 0;
  while (!g_stop && result == 0) {
    int64_t now = monotonic_ns();
    slot_.proc.heartbeat_ns.store(now, std::memory_order_relaxed);
    Lane* due = &lanes_[0];
    for (Lane& l : lanes_) due = l.next_due < due->next_due ? &l : due;
    if (due->next_due > now) {
      int64_t nap = due->next_due - now;
      if (nap > 20'000'000) nap = 20'000'000;
      struct timespec ts = {0, long(nap)};
      nanosleep(&ts, nullptr);
      continue;
    }
    if (step(*due, now) != 0) result = 4;
  }
  slot_.proc.state.store(uint32_t(ProcState::kStopping), std::memory_order_release);
  close_lanes();
  slot_.proc.state.store(uint32_t(ProcState::kClosed), std::memory_order_release);
  return result;
}

}  // namespace

int run_producer(const Options& o, ControlBlock* cb) {
  struct sigaction sa = {};
  sa.sa_handler = on_term;  // no SA_RESTART: a blocked send returns DMXP_ERR_INTERRUPTED
  sigaction(SIGTERM, &sa, nullptr);
  ProducerProcess p(o, cb);
  return p.run();
}

}  // namespace dmxp_soak
