#include "segments/waiters.hpp"

#include "segments/channel.hpp"
#include "platform/crash_point.hpp"

namespace dmxp::detail {
namespace {

uint32_t counted_bit(WaitKind k) { return layout::kAsleepData << uint32_t(k); }
uint32_t transit_bit(WaitKind k) { return counted_bit(k) << layout::kTransitShift; }

std::atomic<uint32_t>& count_of(const Channel& ch, WaitKind k) {
  auto* h = ch.header();
  switch (k) {
    case WaitKind::kData: return h->data_waiters;
    case WaitKind::kWaitset: return h->waitset_waiters;
    default: return h->space_waiters;
  }
}

[[maybe_unused]] const char* counted_point(WaitKind k) {
  return k == WaitKind::kSpace ? "producer.wait.counted" : "consumer.wait.counted";
}

// One count recomputed: true when it is consistent (or was made so), false when a process was
// seen in transit (try again later).
template <typename Record>
bool recount_one(const Channel& ch, WaitKind kind, Record* records, uint32_t n) {
  std::atomic<uint32_t>& count = count_of(ch, kind);
  for (int attempt = 0; attempt < 4; ++attempt) {
    uint32_t before = count.load(std::memory_order_seq_cst);
    uint32_t counted = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (records[i].owner_pid.load(std::memory_order_seq_cst) < 0) return false;
      uint32_t bits = records[i].asleep.load(std::memory_order_seq_cst);
      if (bits & transit_bit(kind)) return false;
      counted += (bits & counted_bit(kind)) != 0;
    }
    if (before == counted) return true;
    // SYNC POINT: the CAS succeeds only if no announce/withdraw changed the count since
    // `before`. Any process that changed its record after our scan also changes the count
    // (the CAS fails), or has set only its transit bit so far (its count change comes after
    // our CAS and applies on top of the recomputed value: correct either way). Changes that
    // cancel out (an announce and a withdraw) cancel out in `counted` too.
    if (count.compare_exchange_strong(before, counted, std::memory_order_seq_cst)) return true;
  }
  return false;
}

}  // namespace

void announce_sleep(const Channel& channel, std::atomic<uint32_t>& asleep, WaitKind kind) {
  // SYNC POINT: seq_cst throughout: Dekker with the publisher's commit store and count load.
  asleep.fetch_or(transit_bit(kind), std::memory_order_seq_cst);
  count_of(channel, kind).fetch_add(1, std::memory_order_seq_cst);
  DMXP_CRASH_POINT(counted_point(kind));
  asleep.fetch_or(counted_bit(kind), std::memory_order_seq_cst);
  asleep.fetch_and(~transit_bit(kind), std::memory_order_seq_cst);
}

void withdraw_sleep(const Channel& channel, std::atomic<uint32_t>& asleep, WaitKind kind) {
  asleep.fetch_or(transit_bit(kind), std::memory_order_seq_cst);
  asleep.fetch_and(~counted_bit(kind), std::memory_order_seq_cst);
  count_of(channel, kind).fetch_sub(1, std::memory_order_seq_cst);
  asleep.fetch_and(~transit_bit(kind), std::memory_order_seq_cst);
}

bool take_back_sleeps(const Channel& channel, std::atomic<uint32_t>& asleep) {
  // The caller holds the record in transition, so no recount runs on it meanwhile.
  uint32_t bits = asleep.exchange(0, std::memory_order_seq_cst);
  bool ambiguous = false;
  for (WaitKind k : {WaitKind::kData, WaitKind::kWaitset, WaitKind::kSpace}) {
    if (bits & counted_bit(k)) count_of(channel, k).fetch_sub(1, std::memory_order_seq_cst);
    else if (bits & transit_bit(k)) ambiguous = true;
  }
  return ambiguous;
}

void request_recount(const Channel& channel) {
  channel.header()->waiter_recount.store(1, std::memory_order_seq_cst);
  recount_waiters(channel);
}

void recount_waiters(const Channel& channel) {
  auto* h = channel.header();
  if (h->waiter_recount.load(std::memory_order_seq_cst) == 0) return;
  std::atomic<uint32_t>& flag = h->waiter_recount;
  bool done = recount_one(channel, WaitKind::kData, channel.consumer_record(0),
                          channel.max_consumers()) &&
              recount_one(channel, WaitKind::kWaitset, channel.consumer_record(0),
                          channel.max_consumers()) &&
              recount_one(channel, WaitKind::kSpace, channel.producer_record(0),
                          channel.max_producers());
  if (done) flag.store(0, std::memory_order_seq_cst);
}

}  // namespace dmxp::detail
