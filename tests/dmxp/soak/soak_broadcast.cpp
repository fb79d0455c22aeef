// soak_broadcast.cpp - the checker's rules for broadcast channels (see soak_checker.hpp).
#include <algorithm>

#include "soak_checker.hpp"
#include "soak_wire.hpp"

namespace dmxp_soak {
namespace {

using ull = unsigned long long;

// Lost growth not yet matched by gaps (never negative).
uint64_t lost_budget(const Stream& s) {
  uint64_t grown = s.lost_now - s.lost_base;
  return grown > s.charged ? grown - s.charged : 0;
}

// A view discarded for an overrun (its message unknown) may be the one a check misses.
bool take_discard(Stream& s) {
  if (s.discards <= s.discards_charged) return false;
  ++s.discards_charged;
  return true;
}

}  // namespace

// A view that can be trusted: false (counted, reported if it must be) when it cannot.
bool Checker::broadcast_intact(ChannelState& ch, Stream& s, const LogEntry& e,
                               BatchStatus status) {
  const bool reliable = ch.spec->reliable();
  if (status == BatchStatus::kOverrun) {  // keep-last: the batch may have changed while held
    ++s.discards;
    ++ch.overrun_views;
    return false;
  }
  if (WireVerdict(e.verdict) == WireVerdict::kOk) return true;
  ++s.discards;
  if (!reliable && status != BatchStatus::kReleased) {
    // Keep-last, and no release call could say whether it was overwritten while held.
    ++ch.unverifiable;
    return false;
  }
  report_.violation(Check::kIntegrity, "%s: a view of %u bytes (key %llu, batch %u/%u) is "
                    "%s%s; as decoded: producer %u incarnation %u seq %llu", who(ch, s), e.size,
                    (ull)e.key, e.batch_index, e.batch_count,
                    verdict_name(WireVerdict(e.verdict)),
                    reliable ? "" : " and its release did not report an overrun", e.producer,
                    e.incarnation, (ull)e.seq);
  return false;
}

// A seq the stream has had already: fine only as a view held unreleased at a SIGKILL.
void Checker::broadcast_repeat(ChannelState& ch, Stream& s, const LogEntry& e, PiId id,
                               PerPi& pp) {
  if (s.redeliver_ok.erase({id, e.seq})) {
    ++ch.redelivered;
    pp.seen_inc = true;
    return;
  }
  if (s.named && !pp.seen_inc)
    report_.violation(Check::kRedelivery, "%s: producer %u incarnation %u seq %llu (key %llu) "
                      "delivered again after the %s of the previous incarnation, which had "
                      "released it (resumed at seq %llu, expected %llu)", who(ch, s),
                      e.producer, e.incarnation, (ull)e.seq, (ull)e.key,
                      s.last_end_clean ? "clean close" : "SIGKILL", (ull)e.seq, (ull)pp.next);
  else
    report_.violation(Check::kDuplicate, "%s: producer %u incarnation %u seq %llu (key %llu) "
                      "delivered twice (next expected seq %llu)", who(ch, s), e.producer,
                      e.incarnation, (ull)e.seq, (ull)e.key, (ull)pp.next);
}

// Where the view sits in the stream: keys increase, and (reliable) no other producer's
// message comes inside an atomic batch.
void Checker::broadcast_position(ChannelState& ch, Stream& s, const LogEntry& e, PiId id) {
  if (e.key <= s.last_key)
    report_.violation(Check::kKeyOrder, "%s: key %llu (producer %u incarnation %u seq %llu) "
                      "after key %llu", who(ch, s), (ull)e.key, e.producer, e.incarnation,
                      (ull)e.seq, (ull)s.last_key);
  else
    s.last_key = e.key;
  if (!s.first_key) s.first_key = e.key;
  // A named consumer that resumes mid-batch may have lost the rest while parked (counted in
  // lost, checked with the gaps); from its second new message on, batches must be whole.
  if (ch.spec->reliable() && s.batch_left && s.batch_pi != id && !(s.named && s.inc_new == 0))
    report_.violation(Check::kBatch, "%s: producer %u incarnation %u seq %llu (key %llu) came "
                      "in the middle of an atomic batch of producer %u incarnation %u (%u of it "
                      "still to come)", who(ch, s), e.producer, e.incarnation, (ull)e.seq,
                      (ull)e.key, s.batch_pi >> 16, s.batch_pi & 0xFFFF, s.batch_left);
}

// Seqs pp.next .. e.seq - 1 of this producer never came.
void Checker::broadcast_gap(ChannelState& ch, Stream& s, const LogEntry& e, PerPi& pp) {
  const uint64_t gap = e.seq - pp.next;
  if (!pp.seen && !s.named) {
    // An anonymous incarnation's first message from this producer: what came before its
    // start is not its own, but nothing committed after its first message may be missing.
    if (!ch.spec->reliable()) return;
    if (e.batch_index > 0)
      report_.violation(Check::kBatch, "%s: its first message of producer %u incarnation %u "
                        "is message %u of an atomic batch of %u (seq %llu, key %llu)",
                        who(ch, s), e.producer, e.incarnation, e.batch_index, e.batch_count,
                        (ull)e.seq, (ull)e.key);
    else if ((e.flags & kHasPrevKey) && e.aux >= s.first_key && !take_discard(s))
      report_.violation(Check::kMissing, "%s: never got producer %u incarnation %u seq %llu "
                        "(key %llu), committed after its first message (key %llu); seq %llu "
                        "(key %llu) is the first it got from that producer", who(ch, s),
                        e.producer, e.incarnation, (ull)(e.seq - 1), (ull)e.aux,
                        (ull)s.first_key, (ull)e.seq, (ull)e.key);
    return;
  }
  if (ch.spec->reliable()) {
    // Views discarded for an overrun (right after a join) explain as many missing messages.
    uint64_t unexplained = gap;
    if (s.discards > s.discards_charged) {
      uint64_t take = std::min(unexplained, s.discards - s.discards_charged);
      s.discards_charged += take;
      unexplained -= take;
    }
    if (!unexplained) return;
    // Only a named consumer's restart may lose messages: overwritten while it was parked,
    // and then counted in its lost().
    uint64_t budget = lost_budget(s);
    if (s.named && !pp.seen_inc && unexplained <= budget) {
      s.charged += unexplained;
      ch.parked_lost += unexplained;
      return;
    }
    report_.violation(Check::kMissing, "%s: producer %u incarnation %u seqs %llu..%llu (%llu "
                      "messages) never delivered: seq %llu (key %llu) came after seq %llu (key "
                      "%llu)%s; lost() grew by %llu, %llu of it unexplained", who(ch, s),
                      e.producer, e.incarnation, (ull)pp.next, (ull)(e.seq - 1), (ull)gap,
                      (ull)e.seq, (ull)e.key, (ull)(pp.next - 1), (ull)pp.last_key,
                      pp.seen_inc ? "" : " across a restart", (ull)(s.lost_now - s.lost_base),
                      (ull)budget);
    return;
  }
  s.charged += gap;
  ch.keep_lost += gap;
  uint64_t allowed = s.lost_now - s.lost_base + s.discards;
  if (s.charged > allowed) {
    report_.violation(Check::kLostGap, "%s: producer %u incarnation %u seqs %llu..%llu "
                      "skipped; gaps so far %llu exceed lost() growth %llu + discarded views "
                      "%llu", who(ch, s), e.producer, e.incarnation, (ull)pp.next,
                      (ull)(e.seq - 1), (ull)s.charged, (ull)(s.lost_now - s.lost_base),
                      (ull)s.discards);
    s.charged = allowed;  // report each shortfall once
  }
}

// e.seq == pp.next: the view must continue its batch, or name its predecessor's key.
void Checker::broadcast_follows(ChannelState& ch, Stream& s, const LogEntry& e,
                                const PerPi& pp) {
  if (e.batch_index > 0) {
    if (pp.last_bc != e.batch_count || pp.last_bi + 1u != e.batch_index ||
        e.key != pp.last_key + 1)
      report_.violation(Check::kBatch, "%s: producer %u incarnation %u seq %llu is message %u "
                        "of %u with key %llu, but seq %llu was message %u of %u with key %llu",
                        who(ch, s), e.producer, e.incarnation, (ull)e.seq, e.batch_index,
                        e.batch_count, (ull)e.key, (ull)(e.seq - 1), pp.last_bi, pp.last_bc,
                        (ull)pp.last_key);
  } else if ((e.flags & kHasPrevKey) && e.aux != pp.last_key) {
    report_.violation(Check::kPrevKey, "%s: producer %u incarnation %u seq %llu says its "
                      "previous message had key %llu, but seq %llu came with key %llu",
                      who(ch, s), e.producer, e.incarnation, (ull)e.seq, (ull)e.aux,
                      (ull)(e.seq - 1), (ull)pp.last_key);
  }
}

void Checker::broadcast_msg(ChannelState& ch, Stream& s, const LogEntry& e, BatchStatus status) {
  if (!broadcast_intact(ch, s, e, status)) return;
  if (!sent_by(ch, s, e)) return;
  const PiId id = pi_id(e.producer, e.incarnation);
  PerPi& pp = s.pis[id];
  if (pp.seen && e.seq < pp.next) {
    broadcast_repeat(ch, s, e, id, pp);
    return;
  }
  if (!s.redeliver_ok.empty() && e.key > s.redeliver_max_key) s.redeliver_ok.clear();
  broadcast_position(ch, s, e, id);
  if (e.seq > pp.next) broadcast_gap(ch, s, e, pp);
  else if (pp.seen) broadcast_follows(ch, s, e, pp);
  ++s.inc_new;
  pp.next = e.seq + 1;
  pp.seen = pp.seen_inc = true;
  pp.last_key = e.key;
  pp.last_bi = e.batch_index;
  pp.last_bc = e.batch_count;
  s.batch_pi = id;
  s.batch_left = e.batch_count > e.batch_index ? e.batch_count - 1u - e.batch_index : 0;
}

// End of run, every consumer closed cleanly after draining: reliable streams must have every
// producer's messages up to its final count; keep-last ones must account for the tail in lost.
void Checker::final_broadcast(ChannelState& ch) {
  const bool reliable = ch.spec->reliable();
  for (Stream& s : ch.streams) {
    if (!s.closed_clean) continue;  // reported by the supervisor (did not stop cleanly)
    for (auto& [id, pi] : ch.pis) {
      uint64_t need = pi.final_count();
      if (!need) continue;
      auto it = s.pis.find(id);
      bool seen = it != s.pis.end() && it->second.seen;
      uint64_t have = seen ? it->second.next : 0;
      if (!s.named && !seen) {
        // Nothing from this producer: all of it must predate the incarnation's first message.
        uint64_t last = need > pi.committed ? pi.evidence_key : pi.last_key;
        if (reliable && s.first_key && last > s.first_key && !take_discard(s))
          report_.violation(Check::kMissing, "%s: got nothing from producer %u incarnation %u, "
                            "whose last message (seq %llu, key %llu) came after its first one "
                            "(key %llu)", who(ch, s), pi.producer, pi.incarnation,
                            (ull)(need - 1), (ull)last, (ull)s.first_key);
        continue;
      }
      if (have >= need) continue;
      uint64_t missing = need - have;
      if (reliable) {
        uint64_t take = std::min(missing, s.discards - s.discards_charged);
        s.discards_charged += take;
        missing -= take;
        if (!missing) continue;
        uint64_t budget = lost_budget(s);
        if (s.named && missing <= budget) {
          s.charged += missing;
          ch.parked_lost += missing;
          continue;
        }
        report_.violation(Check::kMissing, "%s: producer %u incarnation %u (%s) seqs %llu..%llu "
                          "(%llu messages) never delivered by the end of the run; lost() grew "
                          "by %llu, %llu of it unexplained", who(ch, s), pi.producer,
                          pi.incarnation, pi.killed ? "killed" : "stopped", (ull)have,
                          (ull)(need - 1), (ull)missing, (ull)(s.lost_now - s.lost_base),
                          (ull)budget);
      } else {
        s.charged += missing;
        ch.keep_lost += missing;
        uint64_t allowed = s.lost_now - s.lost_base + s.discards;
        if (s.charged > allowed) {
          report_.violation(Check::kLostGap, "%s: producer %u incarnation %u seqs %llu..%llu "
                            "never delivered by the end; gaps %llu exceed lost() growth %llu + "
                            "discarded views %llu", who(ch, s), pi.producer, pi.incarnation,
                            (ull)have, (ull)(need - 1), (ull)s.charged,
                            (ull)(s.lost_now - s.lost_base), (ull)s.discards);
          s.charged = allowed;
        }
      }
    }
  }
}

}  // namespace dmxp_soak
