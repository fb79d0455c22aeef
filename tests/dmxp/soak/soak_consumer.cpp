// soak_consumer.cpp - a consumer process of the soak: one consumer per channel (named
// "c<slot>" where the channel spec says so), read in the style of its slot (threads with
// blocking receives, a waitset, or polling). Every view is checked here (checksum, channel,
// batch position) and logged, with the consumer's lost count, before it is released; the
// supervisor's checker does the rest (protocol in soak_shm.hpp).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <thread>
#include <vector>

#include "soak_roles.hpp"
#include "soak_shm.hpp"
#include "soak_wire.hpp"

namespace dmxp_soak {
namespace {

constexpr int64_t kReceiveTimeoutNs = 100'000'000;

std::atomic<bool> g_stop{false};
void on_term(int) { g_stop.store(true, std::memory_order_relaxed); }

// Checker self-test (DMXP_SOAK_INJECT=drop|dup|corrupt|reorder): every 3001st view is
// logged wrongly, as a broken transport would deliver it; the run must report violations.
enum class Inject { kNone, kDrop, kDup, kCorrupt, kReorder };
Inject injection() {
  const char* v = std::getenv("DMXP_SOAK_INJECT");
  std::string s = v ? v : "";
  return s == "drop" ? Inject::kDrop : s == "dup" ? Inject::kDup : s == "corrupt" ? Inject::kCorrupt
       : s == "reorder" ? Inject::kReorder : Inject::kNone;
}
const Inject g_inject = injection();

struct Reader {
  int index = 0;
  const ChannelSpec* spec = nullptr;
  dmxp_consumer* consumer = nullptr;
  LogWriter log;
  std::string name;  // "" for anonymous
  std::vector<dmxp_message> views;
  uint64_t injected = 0;  // views seen, for DMXP_SOAK_INJECT
  uint64_t batches = 0;
  explicit Reader(LogRing* ring) : log(ring) {}
};

struct CursorQuery {
  int32_t pid;
  const char* name;
  uint64_t cursor;
};

int find_own_record(const dmxp_consumer_record_info* info, void* user) {
  auto* q = static_cast<CursorQuery*>(user);
  if (info->pid != q->pid || std::strcmp(info->name, q->name) != 0) return 0;
  q->cursor = info->cursor;
  return 1;
}

// This process's record cursor on the channel, or (parked) the cursor parked under its name;
// UINT64_MAX when not found.
uint64_t own_cursor(const Options& o, const Reader& r, bool parked) {
  CursorQuery q{parked ? 0 : int32_t(getpid()), r.name.c_str(), UINT64_MAX};
  dmxp_channel_consumers(o.domain.c_str(), r.spec->name, find_own_record, &q);
  return q.cursor;
}

class ConsumerProcess {
 public:
  ConsumerProcess(const Options& o, ControlBlock* cb) : o_(o), slot_(cb->consumers[o.slot]) {}
  int run();

 private:
  bool open_readers();
  int receive_logged(Reader& r, int64_t timeout_ns);
  void log_releasing(Reader& r);
  void log_released(Reader& r, int rc);
  int handle(Reader& r, int64_t timeout_ns);
  void log_error(Reader& r, Op op, int rc);
  void run_threads();
  void run_waitset();
  void run_polling();
  void close_readers();

  const Options& o_;
  ConsumerSlot& slot_;
  std::vector<Reader> readers_;
};

void ConsumerProcess::log_error(Reader& r, Op op, int rc) {
  std::fprintf(stderr, "soak consumer %d.%u: %s on %s: %s: %s\n", o_.slot, o_.incarnation,
               op == Op::kOpen ? "open" : op == Op::kReceive ? "receive"
               : op == Op::kRelease ? "release" : "waitset wait",
               r.spec->name, dmxp_strerror(rc), dmxp_last_error());
  LogEntry e{};
  e.kind = EntryKind::kError;
  e.flags = uint8_t(op);
  e.seq = uint64_t(int64_t(rc));
  e.incarnation = o_.incarnation;
  if (r.log.reserve(1)) r.log.append(e);
}

bool ConsumerProcess::open_readers() {
  const auto& specs = channel_specs();
  readers_.reserve(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    Reader& r = readers_.emplace_back(&slot_.rings[i]);
    r.index = int(i);
    r.spec = &specs[i];
    r.views.resize(r.spec->receive_max);
    if (r.spec->named(o_.slot)) r.name = "c" + std::to_string(o_.slot);
    dmxp_channel_options co = channel_options(o_, *r.spec, false);
    dmxp_consumer_options opts;
    dmxp_consumer_options_init(&opts);
    opts.name = r.name.empty() ? nullptr : r.name.c_str();
    // Named: first attached before any producer runs, so OLDEST = everything; anonymous
    // incarnations start fresh after the newest message.
    opts.start = r.name.empty() ? DMXP_START_NEWEST : DMXP_START_OLDEST;
    if (int rc = dmxp_consumer_open(r.spec->name, &co, &opts, &r.consumer); rc != DMXP_OK) {
      log_error(r, Op::kOpen, rc);
      return false;
    }
    LogEntry e{};
    e.kind = EntryKind::kStart;
    e.incarnation = o_.incarnation;
    e.key = dmxp_consumer_lost(r.consumer);
    e.aux = own_cursor(o_, r, false);
    r.log.reserve(1);
    r.log.append(e);
    r.log.heartbeat();
  }
  return true;
}

// One receive call, logged: the batch (with lost() after it) and every view, still held.
// Returns the view count, 0 when nothing came, -1 on an error.
int ConsumerProcess::receive_logged(Reader& r, int64_t timeout_ns) {
  r.log.heartbeat();
  if (!r.log.reserve(2 * r.spec->receive_max + 4)) {
    std::fprintf(stderr, "soak consumer %d.%u: the supervisor stopped reading the log\n",
                 o_.slot, o_.incarnation);
    g_stop.store(true);
    return -1;
  }
  uint32_t n = 0;
  int rc = dmxp_consumer_receive_batch(r.consumer, r.views.data(), uint32_t(r.views.size()), &n,
                                       timeout_ns);
  if (rc == DMXP_ERR_TIMEOUT || rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_INTERRUPTED) return 0;
  if (rc != DMXP_OK) {
    log_error(r, Op::kReceive, rc);
    usleep(1000);
    return -1;
  }
  LogEntry b{};
  b.kind = EntryKind::kBatch;
  b.seq = n;
  b.key = dmxp_consumer_lost(r.consumer);
  r.log.append(b);
  for (uint32_t i = 0; i < n; ++i) {
    bool inject = g_inject != Inject::kNone && ++r.injected % 3001 == 0;
    if (inject && g_inject == Inject::kReorder && i + 1 < n) std::swap(r.views[i], r.views[i + 1]);
    const dmxp_message& m = r.views[i];
    WireInfo w = check_wire(m, uint32_t(r.index));
    LogEntry e{};
    e.kind = EntryKind::kMsg;
    e.producer = uint8_t(w.producer);
    e.verdict = uint8_t(w.verdict);
    e.flags = w.has_prev_key ? kHasPrevKey : 0;
    e.incarnation = w.incarnation;
    e.seq = w.seq;
    e.key = m.key;
    e.aux = w.prev_key;
    e.size = uint32_t(m.size);
    e.batch_index = uint16_t(m.batch_index);
    e.batch_count = uint16_t(m.batch_count);
    if (inject && g_inject == Inject::kDrop) continue;
    if (inject && g_inject == Inject::kDup) r.log.append(e);
    if (inject && g_inject == Inject::kCorrupt) e.verdict = uint8_t(WireVerdict::kBadChecksum);
    r.log.append(e);
  }
  return int(n);
}

void ConsumerProcess::log_releasing(Reader& r) {
  LogEntry e{};
  e.kind = EntryKind::kReleasing;
  r.log.append(e);
}

void ConsumerProcess::log_released(Reader& r, int rc) {
  LogEntry done{};
  done.kind = EntryKind::kReleased;
  done.seq = uint64_t(int64_t(rc));
  r.log.append(done);
}

// One receive, logged, then released (logged too). Returns what receive_logged returned.
int ConsumerProcess::handle(Reader& r, int64_t timeout_ns) {
  int n = receive_logged(r, timeout_ns);
  if (n <= 0) return n;
  if (++r.batches % 16 == 0) {  // hold the views a while: some kills land now (see holding)
    slot_.proc.holding.fetch_add(1, std::memory_order_relaxed);
    usleep(2000);
    slot_.proc.holding.fetch_sub(1, std::memory_order_relaxed);
  }
  log_releasing(r);
  log_released(r, dmxp_consumer_release(r.consumer));
  return n;
}

void ConsumerProcess::run_threads() {
  std::vector<std::thread> threads;
  for (Reader& r : readers_)
    threads.emplace_back([this, &r] {
      while (!g_stop.load(std::memory_order_relaxed)) handle(r, kReceiveTimeoutNs);
    });
  for (std::thread& t : threads) t.join();
}

void ConsumerProcess::run_waitset() {
  dmxp_waitset* ws = nullptr;
  if (int rc = dmxp_waitset_create(&ws); rc != DMXP_OK) {
    log_error(readers_[0], Op::kWaitset, rc);
    return;
  }
  for (Reader& r : readers_) dmxp_waitset_add(ws, r.consumer);
  std::vector<uint8_t> ready(readers_.size());
  while (!g_stop.load(std::memory_order_relaxed)) {
    for (Reader& r : readers_) r.log.heartbeat();
    size_t count = 0;
    int rc = dmxp_waitset_wait(ws, ready.data(), ready.size(), &count, kReceiveTimeoutNs);
    if (rc == DMXP_ERR_TIMEOUT || rc == DMXP_ERR_INTERRUPTED) continue;
    if (rc != DMXP_OK) {
      log_error(readers_[0], Op::kWaitset, rc);
      usleep(1000);
      continue;
    }
    for (size_t i = 0; i < readers_.size(); ++i)
      if (ready[i]) handle(readers_[i], 0);
  }
  dmxp_waitset_destroy(ws);
}

void ConsumerProcess::run_polling() {
  while (!g_stop.load(std::memory_order_relaxed)) {
    bool any = false;
    for (Reader& r : readers_) any |= handle(r, 0) > 0;
    if (!any) usleep(1000);
  }
}

// Clean stop. Every other incarnation closes holding one more batch of views, which
// dmxp_consumer_close must release (a named consumer must not get them again).
void ConsumerProcess::close_readers() {
  for (Reader& r : readers_) {
    if (!r.consumer) continue;
    bool hold = (o_.incarnation + uint32_t(r.index)) % 2 == 0;
    int held = hold ? receive_logged(r, 0) : 0;
    LogEntry e{};
    e.kind = EntryKind::kClosed;
    e.incarnation = o_.incarnation;
    e.key = dmxp_consumer_lost(r.consumer);
    e.aux = held > 0 ? UINT64_MAX : own_cursor(o_, r, false);
    if (held > 0) log_releasing(r);
    dmxp_consumer_close(r.consumer);
    r.consumer = nullptr;
    if (held > 0) {
      log_released(r, kReleasedByClose);
      // A named cursor is parked where the close left it; an anonymous record is gone.
      if (!r.name.empty()) e.aux = own_cursor(o_, r, true);
    }
    if (r.log.reserve(1)) r.log.append(e);
  }
}

int ConsumerProcess::run() {
  slot_.proc.pid.store(getpid(), std::memory_order_relaxed);
  if (!open_readers()) return 3;
  slot_.proc.state.store(uint32_t(ProcState::kReady), std::memory_order_release);
  switch (kConsumerStyles[o_.slot]) {
    case ReadStyle::kThreads: run_threads(); break;
    case ReadStyle::kWaitset: run_waitset(); break;
    case ReadStyle::kPolling: run_polling(); break;
  }
  slot_.proc.state.store(uint32_t(ProcState::kStopping), std::memory_order_release);
  close_readers();
  slot_.proc.state.store(uint32_t(ProcState::kClosed), std::memory_order_release);
  return 0;
}

}  // namespace

int run_consumer(const Options& o, ControlBlock* cb) {
  struct sigaction sa = {};
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, nullptr);
  ConsumerProcess c(o, cb);
  return c.run();
}

}  // namespace dmxp_soak
