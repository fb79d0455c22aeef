// soak_checker.cpp - reading logs and ledgers, consumer incarnations, progress. The rules
// for each view are in soak_broadcast.cpp and soak_queue.cpp.
#include "soak_checker.hpp"

#include <cstdio>

namespace dmxp_soak {

Checker::Checker(const Options& o, Report& report, ControlBlock* cb)
    : o_(o), report_(report), cb_(cb) {
  const auto& specs = channel_specs();
  channels_.resize(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    ChannelState& ch = channels_[i];
    ch.index = int(i);
    ch.spec = &specs[i];
    for (int c = 0; c < kConsumers; ++c) {
      ch.streams[c].consumer = c;
      ch.streams[c].named = specs[i].named(c);
    }
  }
}

const char* Checker::who(const ChannelState& ch, const Stream& s) {
  std::snprintf(who_, sizeof who_, "%s consumer %d (%s%s, %s, incarnation %u)", ch.spec->name,
                s.consumer, s.named ? "named c" : "anonymous",
                s.named ? std::to_string(s.consumer).c_str() : "",
                style_name(kConsumerStyles[s.consumer]), s.inc);
  return who_;
}

void Checker::producer_started(int slot, uint32_t incarnation) {
  live_inc_[slot] = incarnation;
  for (ChannelState& ch : channels_) {
    PiState& pi = ch.pis[pi_id(uint32_t(slot), incarnation)];
    pi.producer = uint32_t(slot);
    pi.incarnation = incarnation;
  }
}

void Checker::producer_exited(int slot, uint32_t incarnation, bool killed) {
  read_ledgers(monotonic_ns());  // the process is reaped: what it wrote is final
  live_inc_[slot] = 0;
  for (ChannelState& ch : channels_) {
    PiState& pi = ch.pis[pi_id(uint32_t(slot), incarnation)];
    pi.alive = false;
    pi.killed = killed;
    pi.attempt_ns = 0;
    if (!killed && pi.pending_end != pi.committed)
      report_.violation(Check::kInternal, "%s: producer %d incarnation %u stopped cleanly with "
                        "a send pending (committed %llu, pending_end %llu)", ch.spec->name, slot,
                        incarnation, (unsigned long long)pi.committed,
                        (unsigned long long)pi.pending_end);
  }
}

void Checker::consumer_exited(int slot, int64_t now) {
  poll(now);  // the process is reaped: its logs are complete
  for (ChannelState& ch : channels_) {
    Stream& s = ch.streams[slot];
    if (!s.attached) continue;
    if (s.batch_open && s.named && !ch.spec->queue()) {
      // SIGKILLed holding these views unreleased: the next incarnation may see them again.
      s.redeliver_ok.clear();
      s.redeliver_max_key = 0;
      for (const LogEntry& e : s.batch) {
        if (e.kind != EntryKind::kMsg || e.verdict != 0) continue;
        s.redeliver_ok.insert({pi_id(e.producer, e.incarnation), e.seq});
        if (e.key > s.redeliver_max_key) s.redeliver_max_key = e.key;
      }
    }
    end_incarnation(ch, s);
  }
}

void Checker::read_ledgers(int64_t now) {
  for (int p = 0; p < kProducers; ++p) {
    if (!live_inc_[p]) continue;
    for (ChannelState& ch : channels_) {
      auto it = ch.pis.find(pi_id(uint32_t(p), live_inc_[p]));
      if (it == ch.pis.end()) continue;
      PiState& pi = it->second;
      const Ledger& l = cb_->producers[p].ledgers[ch.index];
      // SYNC POINT (ledger): acquire pairs with the producer's release stores.
      uint64_t committed = l.committed.load(std::memory_order_acquire);
      uint64_t pending = l.pending_end.load(std::memory_order_acquire);
      pi.last_key = l.last_key.load(std::memory_order_relaxed);
      pi.attempt_ns = l.attempt_ns.load(std::memory_order_relaxed);
      if (committed > pi.committed) {
        pi.committed = committed;
        // Something new to deliver: every attached consumer should see progress soon.
        for (Stream& s : ch.streams)
          if (s.attached && !s.waiting_since_ns) s.waiting_since_ns = now;
        if (ch.spec->queue() && !ch.queue_waiting_since_ns) ch.queue_waiting_since_ns = now;
      }
      pi.pending_end = pending > committed ? pending : committed;
    }
  }
}

void Checker::poll(int64_t now) {
  uint64_t heads[kConsumers][kMaxChannels];
  for (int c = 0; c < kConsumers; ++c)
    for (const ChannelState& ch : channels_)
      heads[c][ch.index] = cb_->consumers[c].rings[ch.index].head.load(std::memory_order_acquire);
  // After the heads: every message logged below them has its pending_end visible.
  read_ledgers(now);
  for (int c = 0; c < kConsumers; ++c) {
    for (ChannelState& ch : channels_) {
      LogRing& ring = cb_->consumers[c].rings[ch.index];
      uint64_t t = ring.tail.load(std::memory_order_relaxed);
      for (; t < heads[c][ch.index]; ++t) {
        LogEntry e = ring.entries[t % kLogEntries];
        on_entry(ch, ch.streams[c], e, now);
      }
      ring.tail.store(t, std::memory_order_release);
    }
  }
}

void Checker::on_entry(ChannelState& ch, Stream& s, const LogEntry& e, int64_t now) {
  switch (e.kind) {
    case EntryKind::kStart: on_start(ch, s, e); return;
    case EntryKind::kBatch:
      if (!s.attached || s.batch_open)
        report_.violation(Check::kInternal, "%s: batch entry out of place", who(ch, s));
      if (e.key < s.lost_now)
        report_.violation(Check::kLostGap, "%s: dmxp_consumer_lost went back from %llu to %llu",
                          who(ch, s), (unsigned long long)s.lost_now, (unsigned long long)e.key);
      s.lost_now = e.key;
      s.batch.clear();
      s.batch_open = true;
      s.batch_releasing = false;
      return;
    case EntryKind::kReleasing:
      if (!s.batch_open)
        report_.violation(Check::kInternal, "%s: releasing entry outside a batch", who(ch, s));
      s.batch_releasing = true;
      return;
    case EntryKind::kMsg:
      if (!s.batch_open) {
        report_.violation(Check::kInternal, "%s: message entry outside a batch", who(ch, s));
        return;
      }
      s.batch.push_back(e);
      return;
    case EntryKind::kReleased: {
      int rc = int(int64_t(e.seq));
      BatchStatus status = BatchStatus::kReleased;
      if (rc == DMXP_ERR_OVERRUN && !ch.spec->reliable()) {
        status = BatchStatus::kOverrun;
      } else if (rc == DMXP_ERR_OVERRUN && s.inc_views < ch.spec->capacity) {
        // Reliable, but documented (dmxp_consumer_release): a slot read right after joining,
        // before producers saw the new cursor, may be reused. Within the first ring's worth.
        status = BatchStatus::kOverrun;
        ch.join_overruns += s.batch.size();
      } else if (rc == kReleasedByClose) {
        status = BatchStatus::kClosed;
      } else if (rc != DMXP_OK) {
        report_.violation(Check::kApiError, "%s: dmxp_consumer_release returned %s on a %s "
                          "channel (%llu views after it attached)", who(ch, s), dmxp_strerror(rc),
                          ch.spec->reliable() ? "reliable" : "keep-last",
                          (unsigned long long)s.inc_views);
        if (rc == DMXP_ERR_OVERRUN) status = BatchStatus::kOverrun;
      }
      if (!s.batch_open) {
        report_.violation(Check::kInternal, "%s: release entry outside a batch", who(ch, s));
        return;
      }
      process_batch(ch, s, status, now);
      return;
    }
    case EntryKind::kClosed: on_closed(ch, s, e); return;
    case EntryKind::kError: {
      static const char* const ops[] = {"?", "open", "receive", "release", "waitset wait"};
      report_.violation(Check::kApiError, "%s consumer %d incarnation %u: %s returned %s (its "
                        "stderr has the detail)", ch.spec->name, s.consumer, e.incarnation,
                        ops[e.flags < 5 ? e.flags : 0], dmxp_strerror(int(int64_t(e.seq))));
      return;
    }
    case EntryKind::kNone: break;
  }
  report_.violation(Check::kInternal, "%s: unknown log entry kind %d", who(ch, s), int(e.kind));
}

void Checker::on_start(ChannelState& ch, Stream& s, const LogEntry& e) {
  if (s.attached) end_incarnation(ch, s);  // not reported as exited: treat as killed
  // Anonymous consumers (and queue consumers, whose order is per incarnation) start over;
  // a named broadcast consumer resumes its stream.
  bool fresh = !s.named || !s.started_once || ch.spec->queue();
  s.inc = e.incarnation;
  s.attached = true;
  s.closed_clean = false;
  s.waiting_since_ns = 0;
  s.stuck_reported = false;
  s.last_key = s.first_key = 0;
  s.inc_views = s.inc_new = 0;
  s.inc_lost_open = e.key;
  s.inc_cursor_open = e.aux;
  if (fresh) {
    s.pis.clear();
    s.lost_base = s.lost_now = e.key;
    s.charged = s.discards = s.discards_charged = 0;
    s.redeliver_ok.clear();
    s.batch_left = 0;
  } else {
    if (e.key < s.lost_now)
      report_.violation(Check::kLostGap, "%s: a named cursor's lost count went back from %llu "
                        "to %llu across a restart", who(ch, s), (unsigned long long)s.lost_now,
                        (unsigned long long)e.key);
    s.lost_now = e.key;
    for (auto& [id, pp] : s.pis) pp.seen_inc = false;
  }
  s.started_once = true;
}

void Checker::on_closed(ChannelState& ch, Stream& s, const LogEntry& e) {
  if (!s.attached || s.batch_open) {
    report_.violation(Check::kInternal, "%s: close entry out of place", who(ch, s));
    return;
  }
  if (e.key < s.lost_now)
    report_.violation(Check::kLostGap, "%s: dmxp_consumer_lost went back from %llu to %llu",
                      who(ch, s), (unsigned long long)s.lost_now, (unsigned long long)e.key);
  if (!ch.spec->queue() && s.inc_cursor_open != UINT64_MAX && e.aux != UINT64_MAX) {
    // Every position the cursor passed is a view received, or counted lost (overwritten,
    // or a slot repaired after a crashed producer). The soak never aborts loans.
    uint64_t moved = e.aux - s.inc_cursor_open, lost = e.key - s.inc_lost_open;
    if (moved != s.inc_views + lost)
      report_.violation(Check::kLostAccounting, "%s: between attach and clean close the "
                        "cursor moved %llu positions (%llu -> %llu) but %llu views were received "
                        "and lost grew by %llu (%llu -> %llu)", who(ch, s),
                        (unsigned long long)moved, (unsigned long long)s.inc_cursor_open,
                        (unsigned long long)e.aux, (unsigned long long)s.inc_views,
                        (unsigned long long)lost, (unsigned long long)s.inc_lost_open,
                        (unsigned long long)e.key);
  }
  s.lost_now = e.key;
  s.attached = false;
  s.closed_clean = true;
  s.last_end_clean = true;
}

void Checker::end_incarnation(ChannelState& ch, Stream& s) {
  if (!s.attached) return;
  if (s.batch_open)
    process_batch(ch, s, s.batch_releasing ? BatchStatus::kMaybeHeld : BatchStatus::kHeld,
                  monotonic_ns());
  s.attached = false;
  s.closed_clean = false;
  s.last_end_clean = false;
}

void Checker::process_batch(ChannelState& ch, Stream& s, BatchStatus status, int64_t now) {
  (void)now;
  s.inc_views += s.batch.size();
  ch.views += s.batch.size();
  for (const LogEntry& e : s.batch) {
    if (ch.spec->queue()) queue_msg(ch, s, e, status);
    else broadcast_msg(ch, s, e, status);
  }
  if (!s.batch.empty()) {
    s.waiting_since_ns = 0;
    s.stuck_reported = false;
    ch.queue_waiting_since_ns = 0;
    ch.queue_stuck_reported = false;
  }
  s.batch.clear();
  s.batch_open = false;
}

PiState* Checker::sent_by(ChannelState& ch, const Stream& s, const LogEntry& e) {
  auto it = ch.pis.find(pi_id(e.producer, e.incarnation));
  if (e.producer >= kProducers || it == ch.pis.end()) {
    report_.violation(Check::kPhantom, "%s: message from producer %u incarnation %u, which "
                      "never ran (seq %llu, key %llu, %u bytes)", who(ch, s), e.producer,
                      e.incarnation, (unsigned long long)e.seq, (unsigned long long)e.key, e.size);
    return nullptr;
  }
  PiState& pi = it->second;
  if (e.seq >= pi.pending_end) {
    report_.violation(Check::kPhantom, "%s: producer %u incarnation %u seq %llu (key %llu) was "
                      "never sent: its ledger says committed %llu, pending_end %llu (%s)",
                      who(ch, s), e.producer, e.incarnation, (unsigned long long)e.seq,
                      (unsigned long long)e.key, (unsigned long long)pi.committed,
                      (unsigned long long)pi.pending_end,
                      pi.alive ? "running" : pi.killed ? "killed" : "stopped");
    return nullptr;
  }
  if (e.seq + 1 > pi.evidence_end) {
    pi.evidence_end = e.seq + 1;
    pi.evidence_key = e.key;
  }
  return &pi;
}

std::vector<int> Checker::check_progress(int64_t now) {
  std::vector<int> stuck;
  const int64_t limit = o_.stall_timeout_ns + int64_t(o_.stall_slack_ms) * 1'000'000;
  for (ChannelState& ch : channels_) {
    bool channel_stuck = false;
    if (ch.spec->queue()) {
      if (ch.queue_waiting_since_ns && now - ch.queue_waiting_since_ns > limit &&
          !ch.queue_stuck_reported) {
        report_.violation(Check::kStuckChannel, "%s: messages committed %.1f s ago, no queue "
                          "consumer received anything since", ch.spec->name,
                          double(now - ch.queue_waiting_since_ns) / 1e9);
        ch.queue_stuck_reported = channel_stuck = true;
      }
    } else {
      for (Stream& s : ch.streams) {
        if (!s.attached || !s.waiting_since_ns || s.stuck_reported) continue;
        if (now - s.waiting_since_ns <= limit) continue;
        report_.violation(Check::kStuckChannel, "%s: messages committed %.1f s ago, nothing "
                          "received since", who(ch, s), double(now - s.waiting_since_ns) / 1e9);
        s.stuck_reported = channel_stuck = true;
      }
    }
    for (auto& [id, pi] : ch.pis) {
      if (!pi.alive || !pi.attempt_ns || now - pi.attempt_ns <= limit) continue;
      if (pi.stuck_reported_seq == pi.committed) continue;
      pi.stuck_reported_seq = pi.committed;
      report_.violation(Check::kStuckProducer, "%s: producer %u incarnation %u has tried to "
                        "send seq %llu for %.1f s", ch.spec->name, pi.producer, pi.incarnation,
                        (unsigned long long)pi.committed, double(now - pi.attempt_ns) / 1e9);
      channel_stuck = true;
    }
    if (channel_stuck) stuck.push_back(ch.index);
  }
  return stuck;
}

Totals Checker::totals() const {
  Totals t;
  for (const ChannelState& ch : channels_) {
    for (const auto& [id, pi] : ch.pis) t.sent += pi.final_count();
    t.views += ch.views;
    t.redelivered += ch.redelivered;
    t.keep_lost += ch.keep_lost;
    t.parked_lost += ch.parked_lost;
    t.overruns += ch.overrun_views;
    t.join_overruns += ch.join_overruns;
    t.unverifiable += ch.unverifiable;
    t.queue_lost += ch.queue_lost;
  }
  return t;
}

}  // namespace dmxp_soak
