// soak_shm.hpp - the control block the supervisor shares with its children: one memfd (no
// /dev/shm name), mapped by every process, which survives the SIGKILL of any of them.
//
//   ControlBlock
//     producers[p]   ProcessSlot + one Ledger per channel: what incarnation p has committed
//     consumers[c]   ProcessSlot + one LogRing per channel: what incarnation c has received
//
// Producer ledger protocol, per channel (the producer is its only writer):
//   pending_end = seq + n (release), send n messages, then last_key, committed = seq + n.
//   So seqs [0, committed) are committed for sure, [committed, pending_end) perhaps (the
//   process died between its commit and the ledger store), nothing at or past pending_end.
//   A failed send sets pending_end back to committed.
// Consumer log protocol, per channel (the consumer thread reading it is its only writer):
//   kStart, then per receive call kBatch, one kMsg per view, kReleasing right before the
//   explicit release (or the close that releases) and kReleased after it; kClosed on a clean
//   stop. A batch without kReleasing was surely still held when its consumer died. Entries are written before head is advanced (release),
//   so every entry below head is complete. The supervisor advances tail when it has read them.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "soak_config.hpp"

namespace dmxp_soak {

enum class EntryKind : uint8_t {
  kNone = 0,
  kStart,     // incarnation attached: lost = dmxp_consumer_lost, aux = its record's cursor
  kBatch,     // a receive returned: seq = view count, lost = dmxp_consumer_lost after it
  kMsg,       // one view: producer, incarnation, seq, key, aux = previous key, verdict
  kReleased,  // dmxp_consumer_release returned status (in seq, as int64), or kReleasedByClose
  kClosed,    // clean stop: lost and aux = cursor after the last release, then close
  kError,     // an unexpected status (seq) from an operation (flags: which, see Op)
  kReleasing, // about to release the batch (or close, which releases it)
};

enum class Op : uint8_t { kOpen = 1, kReceive, kRelease, kWaitset };

struct LogEntry {
  EntryKind kind;
  uint8_t producer;
  uint8_t verdict;   // WireVerdict
  uint8_t flags;     // kMsg: kHasPrevKey; kError: Op
  uint32_t incarnation;  // kMsg: the producer's; kStart/kClosed: the consumer's
  uint64_t seq;
  uint64_t key;      // kMsg: key; kStart/kBatch/kClosed: lost
  uint64_t aux;      // kMsg: previous key; kStart/kClosed: cursor
  uint32_t size;
  uint16_t batch_index, batch_count;
};
static_assert(sizeof(LogEntry) == 40);
inline constexpr uint8_t kHasPrevKey = 1;
// kReleased status when dmxp_consumer_close released the views (no overrun report).
inline constexpr int kReleasedByClose = 1;

inline constexpr uint64_t kLogEntries = 1u << 14;

struct alignas(128) LogRing {
  std::atomic<uint64_t> head;  // consumer: entries [0, head) are written
  uint8_t pad0[120];
  std::atomic<uint64_t> tail;  // supervisor: entries [0, tail) are read
  std::atomic<int64_t> heartbeat_ns;  // consumer thread, every loop
  uint8_t pad1[112];
  LogEntry entries[kLogEntries];
};

struct alignas(64) Ledger {
  std::atomic<uint64_t> committed;
  std::atomic<uint64_t> pending_end;
  std::atomic<uint64_t> last_key;    // key of seq committed - 1
  std::atomic<int64_t> attempt_ns;   // when the send of seq committed began; 0: not sending
  std::atomic<uint64_t> timeouts;    // sends that timed out (retried)
  std::atomic<uint64_t> bytes;       // payload bytes committed
};

enum class ProcState : uint32_t { kStarting = 0, kReady, kStopping, kClosed };

struct alignas(128) ProcessSlot {
  std::atomic<uint32_t> incarnation;
  std::atomic<uint32_t> state;  // ProcState
  std::atomic<int32_t> pid;
  std::atomic<int64_t> heartbeat_ns;
  // Producer: 1 while a loan of a large message is held; consumer: how many of its threads
  // hold views in a deliberately slow batch. The supervisor times some kills by it.
  std::atomic<uint32_t> holding;
};

struct ProducerSlot {
  ProcessSlot proc;
  Ledger ledgers[kMaxChannels];
};

struct ConsumerSlot {
  ProcessSlot proc;
  LogRing rings[kMaxChannels];
};

struct ControlBlock {
  uint64_t magic;
  ProducerSlot producers[kProducers];
  ConsumerSlot consumers[kConsumers];
};
inline constexpr uint64_t kControlMagic = 0x4B414F53504D58ull;  // "DMXPSOAK"

// Supervisor: creates the memfd (inherited across exec) and maps it. nullptr on failure.
ControlBlock* create_control_block(int* fd_out);
// Children: maps the inherited fd.
ControlBlock* map_control_block(int fd);

// Consumer side of a log ring.
class LogWriter {
 public:
  explicit LogWriter(LogRing* ring) : ring_(ring), head_(ring->head.load()) {}
  // Waits (bounded, napping) until n entries fit; false when the supervisor stopped reading.
  bool reserve(uint64_t n);
  void append(const LogEntry& e) {
    ring_->entries[head_ % kLogEntries] = e;
    ring_->head.store(++head_, std::memory_order_release);
  }
  void heartbeat() { ring_->heartbeat_ns.store(monotonic_ns(), std::memory_order_relaxed); }

 private:
  LogRing* ring_;
  uint64_t head_;
};

}  // namespace dmxp_soak
