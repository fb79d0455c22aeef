// soak_checker.hpp - the soak's checker: reads the consumers' logs and the producers'
// ledgers (soak_shm.hpp) and decides, message by message, whether the channels kept their
// promises. It runs in the supervisor; every decision is made from what the children wrote
// before they could be killed, so a kill never makes the checker guess.
//
// A producer incarnation (pi) is (producer slot, restart count). Its ledger bounds what it
// committed: [0, committed) surely, [committed, pending_end) perhaps. "final count" is
// committed, raised by evidence (a consumer received a pending message, so it was committed).
//
// Broadcast: one Stream per (channel, consumer slot). A named consumer's stream spans its
// incarnations (its cursor survives restarts); an anonymous one restarts with each.
//   - every view: checksum ok, known pi, seq < pending_end, keys increasing, per-pi seqs
//     increasing without repeats, the previous key it names is the one delivered before it,
//     batches whole (reliable) with consecutive keys;
//   - reliable: no gap in a pi's seqs, except before an anonymous incarnation's start (the
//     previous message's key is older than its first one) and, for a named consumer, right
//     after a restart as far as its lost count grew (overwritten while parked);
//   - repeats: only a named consumer, only right after a SIGKILL, only the views it held
//     unreleased then (its last batch without a kReleased entry);
//   - keep-last: gaps allowed as far as lost (plus views discarded by overrun) covers them;
//   - clean close: the cursor advanced by exactly views + lost growth;
//   - end of run: reliable streams have every pi's messages up to its final count.
// Queue: every message at most once over all consumers, per-consumer order, and at the end
// committed - delivered = what the records count lost + dropped - repaired slots, up to the
// views of killed consumers whose release was not logged and the pending messages of killed
// producers (soak_queue.cpp).
#pragma once

#include <cstdint>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "soak_config.hpp"
#include "soak_report.hpp"
#include "soak_shm.hpp"

namespace dmxp_soak {

using PiId = uint32_t;
inline PiId pi_id(uint32_t producer, uint32_t incarnation) {
  return (producer << 16) | (incarnation & 0xFFFF);
}

struct PiState {
  uint32_t producer = 0, incarnation = 0;
  bool alive = true, killed = false;
  uint64_t committed = 0, pending_end = 0, last_key = 0;
  int64_t attempt_ns = 0;
  uint64_t stuck_reported_seq = UINT64_MAX;
  uint64_t evidence_end = 0, evidence_key = 0;  // 1 + highest seq delivered anywhere, its key
  std::vector<uint8_t> owners;                  // queue: per seq, 0 or consumer slot + 1
  uint64_t delivered = 0;                       // queue: distinct seqs delivered
  uint64_t final_count() const { return committed > evidence_end ? committed : evidence_end; }
};

struct PerPi {           // one stream's view of one producer incarnation
  uint64_t next = 0;     // broadcast: next expected seq
  uint64_t last_key = 0;
  uint16_t last_bi = 0, last_bc = 1;
  bool seen = false;      // ever (a named stream: over all its incarnations)
  bool seen_inc = false;  // in the current consumer incarnation
  uint64_t last_seq_inc = 0;  // queue: per-consumer order
};

// How a logged batch ended: released (no overrun), released with DMXP_ERR_OVERRUN, released
// by dmxp_consumer_close (which reports no overrun), or the consumer died: surely holding it
// (no kReleasing logged), or perhaps (killed during the release call).
enum class BatchStatus { kReleased, kOverrun, kClosed, kHeld, kMaybeHeld };

struct Stream {
  int consumer = 0;
  bool named = false;
  uint32_t inc = 0;
  bool attached = false, started_once = false, closed_clean = false;
  int64_t waiting_since_ns = 0;
  bool stuck_reported = false;
  std::unordered_map<PiId, PerPi> pis;
  uint64_t last_key = 0, first_key = 0;  // this incarnation
  uint64_t lost_base = 0, lost_now = 0;  // dmxp_consumer_lost at the stream's start / now
  uint64_t charged = 0;                  // gaps accounted against lost growth
  uint64_t discards = 0;                 // views discarded (overrun, unverifiable)
  uint64_t discards_charged = 0;         // reliable: discards that explained gaps
  std::vector<LogEntry> batch;
  bool batch_open = false;
  bool batch_releasing = false;  // kReleasing logged for the open batch
  std::set<std::pair<PiId, uint64_t>> redeliver_ok;  // held at a SIGKILL (named)
  uint64_t redeliver_max_key = 0;
  uint64_t inc_views = 0, inc_lost_open = 0, inc_cursor_open = UINT64_MAX;
  uint64_t inc_new = 0;          // messages this incarnation got for the first time
  bool last_end_clean = false;   // how the previous incarnation ended
  PiId batch_pi = 0;             // reliable: the atomic batch being received
  uint32_t batch_left = 0;       // messages of it still to come
};

struct ChannelState {
  int index = 0;
  const ChannelSpec* spec = nullptr;
  std::unordered_map<PiId, PiState> pis;
  Stream streams[kConsumers];
  int64_t queue_waiting_since_ns = 0;
  bool queue_stuck_reported = false;
  uint64_t views = 0, redelivered = 0, overrun_views = 0, unverifiable = 0;
  uint64_t join_overruns = 0;    // reliable: views overrun right after a join (documented)
  uint64_t parked_lost = 0;      // reliable named: messages overwritten while parked
  uint64_t keep_lost = 0;        // keep-last broadcast: messages a consumer never saw
  uint64_t queue_delivered = 0;
  uint64_t queue_held = 0;       // views of killed consumers surely not released: lost
  uint64_t queue_ambiguous = 0;  // views of consumers killed during their release call
  uint64_t queue_lost = 0;       // from the final accounting
};

// What the supervisor read from a channel at the end, for the final accounting.
struct ChannelFacts {
  bool ok = false;            // read successfully
  bool drained = false;       // every consumer caught up with the tail
  uint64_t tail = 0, head = 0;
  uint64_t lost_sum = 0;      // lost over every consumer record still in the table
  uint64_t dropped = 0, repaired = 0;
};

struct Totals {
  uint64_t sent = 0, views = 0, redelivered = 0, keep_lost = 0, parked_lost = 0;
  uint64_t overruns = 0, queue_lost = 0, unverifiable = 0, join_overruns = 0;
};

class Checker {
 public:
  Checker(const Options& o, Report& report, ControlBlock* cb);

  void producer_started(int slot, uint32_t incarnation);
  // After the producer was reaped: its ledger is final.
  void producer_exited(int slot, uint32_t incarnation, bool killed);
  // After the consumer was reaped: reads the rest of its logs and ends its incarnation.
  void consumer_exited(int slot, int64_t now);
  // Reads every log and ledger and checks what is new.
  void poll(int64_t now);
  // Stuck channels and producers (call while producers are meant to be sending); returns
  // the channels that newly got stuck.
  std::vector<int> check_progress(int64_t now);
  void final_checks(const std::vector<ChannelFacts>& facts);
  Totals totals() const;
  const ChannelState& channel(int i) const { return channels_[size_t(i)]; }

 private:
  void read_ledgers(int64_t now);
  void on_entry(ChannelState& ch, Stream& s, const LogEntry& e, int64_t now);
  void on_start(ChannelState& ch, Stream& s, const LogEntry& e);
  void on_closed(ChannelState& ch, Stream& s, const LogEntry& e);
  void end_incarnation(ChannelState& ch, Stream& s);
  void process_batch(ChannelState& ch, Stream& s, BatchStatus status, int64_t now);
  // The pi of a message, checked against its ledger; nullptr (reported) if it is not one.
  PiState* sent_by(ChannelState& ch, const Stream& s, const LogEntry& e);
  void final_broadcast(ChannelState& ch);
  void final_queue(ChannelState& ch, const ChannelFacts& f);
  void broadcast_msg(ChannelState& ch, Stream& s, const LogEntry& e, BatchStatus status);
  bool broadcast_intact(ChannelState& ch, Stream& s, const LogEntry& e, BatchStatus status);
  void broadcast_repeat(ChannelState& ch, Stream& s, const LogEntry& e, PiId id, PerPi& pp);
  void broadcast_position(ChannelState& ch, Stream& s, const LogEntry& e, PiId id);
  void broadcast_gap(ChannelState& ch, Stream& s, const LogEntry& e, PerPi& pp);
  void broadcast_follows(ChannelState& ch, Stream& s, const LogEntry& e, const PerPi& pp);
  void queue_msg(ChannelState& ch, Stream& s, const LogEntry& e, BatchStatus status);
  const char* who(const ChannelState& ch, const Stream& s);  // "bc_rel consumer 2 (c2, inc 3)"

  const Options& o_;
  Report& report_;
  ControlBlock* cb_;
  std::vector<ChannelState> channels_;
  uint32_t live_inc_[kProducers] = {};  // current producer incarnation per slot (0: none)
  std::vector<LogEntry> scratch_;
  char who_[160];
};

}  // namespace dmxp_soak
