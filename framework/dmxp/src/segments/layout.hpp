// layout.hpp - the bytes of a channel segment. This is an ABI shared by every process,
// compiler and language that maps the segment: change it only together with kAbiVersion.
//
//   offset 0            ChannelHeader (4096 bytes)
//   consumers_offset    ConsumerRecord[max_consumers]   (128 bytes each)
//   producers_offset    ProducerRecord[max_producers]   (128 bytes each)
//   descriptor_offset   type layout descriptor (descriptor_size bytes, opaque here: written
//                       once by the creator, read by tools to decode messages; may be empty)
//   slots_offset        Slot[capacity], each slot_stride bytes:
//                         SlotHeader (64 bytes) | payload (slot_size bytes) | pad to 64
//
// Within the header, each group of fields written by a different party sits on its own
// 128-byte block (adjacent-line prefetch pairs 64-byte lines):
//   [0,   256)  identity and geometry: written once by the creator, then read-only
//   [256, 384)  tail: claimed positions, written by producers
//   [384, 512)  queue_head: next position to hand out in QUEUE mode, written by consumers
//   [512, 640)  wake-up words: futex words and waiter counts
//   [640, 768)  statistics and the consumer-table epoch
//
// Slot state machine (SlotHeader::seq), for ring position p (never wraps: 64 bits):
//   seq == 4p+1  a producer owns the slot and is writing position p
//   seq == 4p+2  position p is committed and readable
//   seq == 4p+3  QUEUE mode: position p was consumed; the slot is free for p + capacity
//   seq == 0     never written
// A slot becomes readable by one release store of 4p+2 after its payload and header fields.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace dmxp::layout {

inline constexpr uint64_t kChannelMagic = 0x314E4843'50584D44ull;  // "DMXPCHN1" little-endian
inline constexpr uint64_t kDomainMagic = 0x314D4F44'50584D44ull;   // "DMXPDOM1"
inline constexpr uint32_t kAbiVersion = 2;  // 2: record ownership states, claim keys
inline constexpr uint32_t kHeaderSize = 4096;
inline constexpr uint32_t kRecordSize = 128;
inline constexpr uint32_t kSlotHeaderSize = 64;
inline constexpr uint32_t kMaxCapacity = 1u << 24;
inline constexpr uint64_t kMaxSlotSize = 1ull << 30;
inline constexpr uint32_t kMaxRecords = 4096;
inline constexpr uint64_t kMaxDescriptorSize = 1u << 20;

enum InitState : uint32_t { kInitializing = 0, kReady = 1 };

// Slot flags.
inline constexpr uint32_t kSlotSkip = 1u;      // not a message: an aborted loan or a repair
inline constexpr uint32_t kSlotRepaired = 2u;  // set with kSlotSkip when a crash was repaired

inline constexpr uint64_t seq_writing(uint64_t p) { return 4 * p + 1; }
inline constexpr uint64_t seq_committed(uint64_t p) { return 4 * p + 2; }
inline constexpr uint64_t seq_consumed(uint64_t p) { return 4 * p + 3; }

struct ChannelHeader {
  // ---- identity and geometry: immutable once init_state is kReady ----
  uint64_t magic;
  uint32_t abi_version;
  uint32_t header_size;
  std::atomic<uint32_t> init_state;  // SYNC POINT: creator stores kReady (release) last
  uint32_t mode;
  uint32_t backpressure;
  uint32_t capacity;
  uint64_t slot_size;
  uint64_t slot_stride;
  uint64_t type_fingerprint;
  uint64_t file_size;
  uint64_t consumers_offset;
  uint64_t producers_offset;
  uint64_t slots_offset;
  uint32_t max_consumers;
  uint32_t max_producers;
  int32_t creator_pid;
  uint32_t reserved0;
  uint64_t created_ns;
  int64_t stall_timeout_ns;
  char type_name[64];
  uint64_t descriptor_offset;
  uint64_t descriptor_size;
  uint8_t pad0[256 - 200];

  // ---- producers ----
  alignas(128) std::atomic<uint64_t> tail;  // next position to claim
  uint8_t pad1[128 - 8];

  // ---- QUEUE-mode consumers ----
  alignas(128) std::atomic<uint64_t> queue_head;  // next position to hand out
  uint8_t pad2[128 - 8];

  // ---- wake-ups ----
  alignas(128) std::atomic<uint32_t> data_futex;      // bumped when data arrives and waiters>0
  std::atomic<uint32_t> data_waiters;                 // consumers asleep on data_futex
  std::atomic<uint32_t> waitset_waiters;              // waitsets asleep on the domain doorbell
  std::atomic<uint32_t> space_futex;                  // bumped when space frees and waiters>0
  std::atomic<uint32_t> space_waiters;                // producers asleep on space_futex
  uint8_t pad3[128 - 20];

  // ---- statistics ----
  alignas(128) std::atomic<uint32_t> consumer_epoch;  // bumped when the gating set changes
  std::atomic<uint32_t> waiter_recount;  // 1: a waiter count may be off (see waiters.hpp)
  std::atomic<uint64_t> dropped;       // QUEUE+KEEP_LAST: unconsumed messages dropped
  std::atomic<uint64_t> repaired_slots;
  std::atomic<uint64_t> reclaimed_consumers;
  uint8_t pad4[128 - 32];

  uint8_t pad_end[kHeaderSize - 768];
};
static_assert(sizeof(ChannelHeader) == kHeaderSize);
static_assert(offsetof(ChannelHeader, init_state) == 16);
static_assert(offsetof(ChannelHeader, slot_size) == 32);
static_assert(offsetof(ChannelHeader, type_fingerprint) == 48);
static_assert(offsetof(ChannelHeader, max_consumers) == 88);
static_assert(offsetof(ChannelHeader, created_ns) == 104);
static_assert(offsetof(ChannelHeader, type_name) == 120);
static_assert(offsetof(ChannelHeader, descriptor_size) == 192);
static_assert(offsetof(ChannelHeader, tail) == 256);
static_assert(offsetof(ChannelHeader, queue_head) == 384);
static_assert(offsetof(ChannelHeader, data_futex) == 512);
static_assert(offsetof(ChannelHeader, space_waiters) == 528);
static_assert(offsetof(ChannelHeader, consumer_epoch) == 640);
static_assert(offsetof(ChannelHeader, waiter_recount) == 644);
static_assert(offsetof(ChannelHeader, reclaimed_consumers) == 664);

// Who owns a record (ConsumerRecord::owner_pid, ProducerRecord::owner_pid); record_owner.hpp
// implements the transitions, so that exactly one process at a time changes a record:
//   0        free. A ConsumerRecord that keeps a name is a parked durable cursor: its process
//            detached or died; it does not hold producers back.
//   pid > 0  owned by pid. owner_start_time was written before pid was published, so a reader
//            that loads pid (acquire) and then the start time never pairs pid with a stale one.
//   -pid     in transition by pid: being claimed, released, reclaimed or repaired. Nobody else
//            touches the record meanwhile; if pid dies, any process may take the transition over
//            (every transition's clean-up is idempotent).
//
// Bits of ConsumerRecord::asleep / ProducerRecord::asleep (waiters.hpp): which waiter counts
// of the channel header this process has incremented while asleep. A "counted" bit set means
// the count was incremented; a "transit" bit means the process is between its bit and its count
// (ambiguous), so a reclaimer that finds one asks for a recount instead of guessing.
inline constexpr uint32_t kAsleepData = 1u;     // counted in data_waiters
inline constexpr uint32_t kAsleepWaitset = 2u;  // counted in waitset_waiters
inline constexpr uint32_t kAsleepSpace = 4u;    // counted in space_waiters
inline constexpr uint32_t kTransitShift = 3;    // transit bit of a kind: counted bit << 3

struct ConsumerRecord {
  std::atomic<int32_t> owner_pid;      // see "Who owns a record" above
  std::atomic<uint32_t> asleep;        // kAsleep* bits
  std::atomic<uint64_t> owner_start_time;  // /proc start time of owner_pid (guards pid reuse)
  std::atomic<uint64_t> cursor;        // BROADCAST: next position to read (gates producers)
  std::atomic<uint64_t> holding_begin; // QUEUE: positions claimed and not yet consumed
  std::atomic<uint64_t> holding_end;
  std::atomic<uint64_t> lost;          // skipped by overrun or repair since first attach
  std::atomic<uint64_t> received;
  std::atomic<uint32_t> gating;        // 1 while this cursor holds RELIABLE producers back
  uint32_t reserved1;
  char name[48];                       // durable cursor name, "" for anonymous
  uint8_t pad[128 - 112];
};
static_assert(sizeof(ConsumerRecord) == kRecordSize);
static_assert(offsetof(ConsumerRecord, cursor) == 16);
static_assert(offsetof(ConsumerRecord, gating) == 56);
static_assert(offsetof(ConsumerRecord, name) == 64);

// A producer's record: the positions it has claimed and not yet committed, so that a process
// that dies mid-write can be detected and its slots repaired by whoever waits on them.
struct ProducerRecord {
  std::atomic<int32_t> owner_pid;      // see "Who owns a record" above
  std::atomic<uint32_t> asleep;        // kAsleepSpace while asleep on a full ring
  std::atomic<uint64_t> owner_start_time;
  std::atomic<uint64_t> claim_begin;   // claimed range [begin, end); begin == end: none
  std::atomic<uint64_t> claim_end;
  std::atomic<uint64_t> sent;
  std::atomic<uint64_t> claim_key;     // key of claim_begin (a repair stamps skips with keys)
  uint8_t pad[128 - 48];
};
static_assert(sizeof(ProducerRecord) == kRecordSize);
static_assert(offsetof(ProducerRecord, claim_end) == 24);
static_assert(offsetof(ProducerRecord, claim_key) == 40);

struct SlotHeader {
  std::atomic<uint64_t> seq;  // SYNC POINT: commit stores seq_committed (release)
  uint64_t key;
  uint64_t timestamp_ns;
  uint64_t size;
  int32_t producer_pid;
  uint32_t flags;
  uint32_t batch_index;
  uint32_t batch_count;
  uint8_t pad[64 - 48];
};
static_assert(sizeof(SlotHeader) == kSlotHeaderSize);
static_assert(offsetof(SlotHeader, size) == 24);
static_assert(offsetof(SlotHeader, batch_count) == 44);

// The domain segment: the key sequence shared by every channel of the domain.
struct DomainHeader {
  uint64_t magic;
  uint32_t abi_version;
  std::atomic<uint32_t> init_state;
  uint8_t pad0[128 - 16];
  alignas(128) std::atomic<uint64_t> next_key;   // keys are taken with fetch_add
  uint8_t pad1[128 - 8];
  alignas(128) std::atomic<uint32_t> doorbell;   // futex word for waitsets
  uint8_t pad2[128 - 4];
  uint8_t pad_end[4096 - 384];
};
static_assert(sizeof(DomainHeader) == 4096);
static_assert(offsetof(DomainHeader, next_key) == 128);
static_assert(offsetof(DomainHeader, doorbell) == 256);

static_assert(std::atomic<uint64_t>::is_always_lock_free);
static_assert(std::atomic<uint32_t>::is_always_lock_free);

inline constexpr uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Geometry derived from the creation parameters; validation recomputes it and compares.
struct Geometry {
  uint64_t slot_stride, consumers_offset, producers_offset, descriptor_offset, slots_offset,
      file_size;
};
inline Geometry compute_geometry(uint32_t capacity, uint64_t slot_size, uint32_t max_consumers,
                                 uint32_t max_producers, uint64_t descriptor_size) {
  Geometry g{};
  g.slot_stride = align_up(kSlotHeaderSize + slot_size, 64);
  g.consumers_offset = kHeaderSize;
  g.producers_offset = g.consumers_offset + uint64_t(max_consumers) * kRecordSize;
  g.descriptor_offset = g.producers_offset + uint64_t(max_producers) * kRecordSize;
  g.slots_offset = align_up(g.descriptor_offset + descriptor_size, 4096);
  g.file_size = g.slots_offset + uint64_t(capacity) * g.slot_stride;
  return g;
}

}  // namespace dmxp::layout
