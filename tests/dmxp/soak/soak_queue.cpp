// soak_queue.cpp - the checker's rules for queue channels (see soak_checker.hpp).
#include <cinttypes>
#include <string>

#include "soak_checker.hpp"
#include "soak_wire.hpp"

namespace dmxp_soak {
namespace {
using ull = unsigned long long;
}

void Checker::queue_msg(ChannelState& ch, Stream& s, const LogEntry& e, BatchStatus status) {
  // A queue view is never overwritten while held (the producer reuses a slot only once it is
  // consumed, and keep-last drops only messages no consumer has claimed): any bad view is a
  // violation, held or not.
  if (WireVerdict(e.verdict) != WireVerdict::kOk) {
    report_.violation(Check::kIntegrity, "%s: a view of %u bytes (key %llu) is %s; as decoded: "
                      "producer %u incarnation %u seq %llu", who(ch, s), e.size, (ull)e.key,
                      verdict_name(WireVerdict(e.verdict)), e.producer, e.incarnation,
                      (ull)e.seq);
    return;
  }
  PiState* pi = sent_by(ch, s, e);
  if (!pi) return;
  if (status == BatchStatus::kHeld) ++ch.queue_held;            // lost with its consumer
  if (status == BatchStatus::kMaybeHeld) ++ch.queue_ambiguous;  // lost, or released
  if (pi->owners.size() <= e.seq) pi->owners.resize(size_t(e.seq + 1 + (e.seq >> 2)), 0);
  uint8_t& owner = pi->owners[size_t(e.seq)];
  if (owner) {
    report_.violation(Check::kDuplicate, "%s: producer %u incarnation %u seq %llu (key %llu) "
                      "was delivered to consumer %d before", who(ch, s), e.producer,
                      e.incarnation, (ull)e.seq, (ull)e.key, owner - 1);
    return;
  }
  owner = uint8_t(s.consumer + 1);
  ++pi->delivered;
  ++ch.queue_delivered;
  // One consumer takes positions in increasing order, so its messages of one producer come
  // in seq order and its keys increase.
  PerPi& pp = s.pis[pi_id(e.producer, e.incarnation)];
  if (pp.seen_inc && e.seq <= pp.last_seq_inc)
    report_.violation(Check::kOrder, "%s: producer %u incarnation %u seq %llu after seq %llu",
                      who(ch, s), e.producer, e.incarnation, (ull)e.seq, (ull)pp.last_seq_inc);
  pp.seen_inc = true;
  pp.last_seq_inc = e.seq;
  if (e.key <= s.last_key)
    report_.violation(Check::kKeyOrder, "%s: key %llu (producer %u incarnation %u seq %llu) "
                      "after key %llu", who(ch, s), (ull)e.key, e.producer, e.incarnation,
                      (ull)e.seq, (ull)s.last_key);
  else
    s.last_key = e.key;
}

// Every position of the ring ends as a message delivered, a message lost with a killed
// consumer (counted in its record), a message dropped by keep-last, or a slot repaired after a
// crashed producer (counted once, as lost by whoever passed it or as dropped). So, drained:
//   X = (sum of lost + dropped - repaired) - (committed - delivered)
// is the logged views that died with their consumer: at least those surely still held (no
// release logged), at most those plus the ones killed during their release call, plus pending
// messages of killed producers that were committed without anyone seeing them.
// Anonymous records are freed when their process goes, and their lost counts with them, so
// with anonymous consumers only the upper bound holds.
void Checker::final_queue(ChannelState& ch, const ChannelFacts& f) {
  uint64_t committed = 0, delivered = 0, pending = 0;
  for (const auto& [id, pi] : ch.pis) {
    committed += pi.final_count();
    delivered += pi.delivered;
    if (pi.killed && pi.pending_end > pi.final_count()) pending += pi.pending_end - pi.final_count();
  }
  bool all_named = true;
  for (const Stream& s : ch.streams) all_named &= s.named;
  int64_t counted = int64_t(f.lost_sum + f.dropped) - int64_t(f.repaired);
  int64_t x = counted - (int64_t(committed) - int64_t(delivered));
  int64_t lower = all_named ? int64_t(ch.queue_held) : INT64_MIN;
  int64_t upper = int64_t(ch.queue_held + ch.queue_ambiguous + pending);
  ch.queue_lost = f.lost_sum;
  if (x < lower || x > upper)
    report_.violation(Check::kQueueAccounting, "%s: committed %llu, delivered %llu, so %llu not "
                      "delivered; the core counts lost %llu + dropped %llu - repaired slots %llu "
                      "= %lld; the difference %lld is outside [%s, %lld] (views surely held by "
                      "killed consumers %llu, views of consumers killed while releasing %llu, "
                      "unproven pending messages of killed producers %llu)", ch.spec->name,
                      (ull)committed, (ull)delivered, (ull)(committed - delivered),
                      (ull)f.lost_sum, (ull)f.dropped, (ull)f.repaired, (long long)counted,
                      (long long)x, all_named ? std::to_string(lower).c_str() : "-inf",
                      (long long)upper, (ull)ch.queue_held, (ull)ch.queue_ambiguous, (ull)pending);
  // Where it is counted: a consumer's losses in its record's lost (docs/failures.md), and
  // dropped only on keep-last queues (dmxp.h).
  if (all_named && f.lost_sum < ch.queue_held)
    report_.violation(Check::kQueueAccounting, "%s: consumers were SIGKILLed holding %llu views "
                      "(logged, never released) but the records count only %llu lost",
                      ch.spec->name, (ull)ch.queue_held, (ull)f.lost_sum);
  if (ch.spec->reliable() && f.dropped)
    report_.violation(Check::kQueueAccounting, "%s: dropped is %llu on a reliable queue (it "
                      "counts keep-last drops only); %llu views died held by killed consumers, "
                      "and the records count %llu lost", ch.spec->name, (ull)f.dropped,
                      (ull)ch.queue_held, (ull)f.lost_sum);
}

void Checker::final_checks(const std::vector<ChannelFacts>& facts) {
  for (ChannelState& ch : channels_) {
    const ChannelFacts& f = facts[size_t(ch.index)];
    if (!f.ok || !f.drained) continue;  // the supervisor reported why
    if (ch.spec->queue()) final_queue(ch, f);
    else final_broadcast(ch);
  }
}

}  // namespace dmxp_soak
