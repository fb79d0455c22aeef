// graph_layout.hpp - the bytes of the graph registry segment "dmxp.<domain>.graph" (in /dev/shm,
// or $DMXP_SHM_DIR).
// This is an ABI: the CLI and other languages read it. Little-endian, no pointers.
//
//   offset      size
//   0           128      GraphHeader: magic, version, geometry, creator
//   128         128      generation counter (its own cache-line pair: written on every change)
//   256         256*N    NodeEntry[kNodeCapacity]
//   256+256*N   256*E    EndpointEntry[kEndpointCapacity]
//
// Every entry starts with an 8-byte owner word:
//
//   63            32 31             2 1   0
//   +---------------+----------------+-----+
//   |  incarnation  |      pid       |state|   state: 0 free, 1 claiming, 2 live
//   +---------------+----------------+-----+
//
// A writer claims a free entry by CAS (free -> claiming, incarnation + 1, its pid), fills the
// fields, then publishes it with one release store of the live word. Fields never change
// while the entry is live (except the heartbeat, an atomic). Freeing is a CAS back to free
// that keeps the incarnation, so a stale handle never frees a newer registration. A reader
// loads the owner word (acquire), copies a live entry, then loads the word again: a change
// means the entry was freed and reused while it copied, and the copy is dropped. Entries of
// dead processes (pid + start time, see process.hpp) are freed by whoever notices.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace dmxp::rt::layout {

inline constexpr uint64_t kGraphMagic = 0x485052474d584d44ull;  // "DMXMGRPH" little-endian
inline constexpr uint32_t kGraphVersion = 1;
inline constexpr uint32_t kNodeCapacity = 256;
inline constexpr uint32_t kEndpointCapacity = 2048;

enum EntryState : uint64_t { kFree = 0, kClaiming = 1, kLive = 2 };

constexpr uint64_t owner_word(uint32_t incarnation, uint32_t pid, EntryState state) {
  return (uint64_t(incarnation) << 32) | (uint64_t(pid & 0x3fffffffu) << 2) | state;
}
constexpr EntryState owner_state(uint64_t w) { return EntryState(w & 3); }
constexpr uint32_t owner_pid(uint64_t w) { return uint32_t(w >> 2) & 0x3fffffffu; }
constexpr uint32_t owner_incarnation(uint64_t w) { return uint32_t(w >> 32); }

struct GraphHeader {
  std::atomic<uint64_t> magic;   // 0: kGraphMagic, stored last at creation (release)
  uint32_t version;              // 8
  uint32_t header_size;          // 12: 256
  uint32_t node_capacity;        // 16
  uint32_t node_entry_size;      // 20
  uint32_t endpoint_capacity;    // 24
  uint32_t endpoint_entry_size;  // 28
  uint64_t nodes_offset;         // 32
  uint64_t endpoints_offset;     // 40
  uint64_t file_size;            // 48
  int32_t creator_pid;           // 56
  uint32_t reserved0;            // 60
  uint64_t created_ns;           // 64: CLOCK_REALTIME
  uint8_t reserved[56];          // 72..128
  alignas(128) std::atomic<uint64_t> generation;  // 128: bumped (release) after each change
  uint8_t reserved_gen[120];     // 136..256
};
static_assert(sizeof(GraphHeader) == 256);
static_assert(offsetof(GraphHeader, version) == 8);
static_assert(offsetof(GraphHeader, nodes_offset) == 32);
static_assert(offsetof(GraphHeader, created_ns) == 64);
static_assert(offsetof(GraphHeader, generation) == 128);

struct NodeEntry {
  std::atomic<uint64_t> owner;          // 0
  uint64_t start_time;                  // 8: /proc start time of the owner
  uint64_t start_ns;                    // 16: CLOCK_REALTIME at registration
  std::atomic<uint64_t> heartbeat_ns;   // 24
  char ns[128];                         // 32: NUL-terminated, "/" or "/a/b"
  char name[64];                        // 160: NUL-terminated
  uint8_t reserved[32];                 // 224..256
};
static_assert(sizeof(NodeEntry) == 256);
static_assert(offsetof(NodeEntry, heartbeat_ns) == 24);
static_assert(offsetof(NodeEntry, ns) == 32);
static_assert(offsetof(NodeEntry, name) == 160);

struct EndpointEntry {
  std::atomic<uint64_t> owner;  // 0
  uint64_t start_time;          // 8
  uint32_t node_slot;           // 16: the owning NodeEntry
  uint32_t node_incarnation;    // 20: ... and its registration
  uint8_t kind;                 // 24: EndpointKind
  uint8_t reliability;          // 25: Reliability
  uint8_t durability;           // 26: Durability
  uint8_t liveliness;           // 27: Liveliness (0 from writers before it: Automatic)
  uint32_t depth;               // 28
  int64_t deadline_ns;          // 32: 0 = none
  int64_t lease_ns;             // 40: 0 = infinite
  uint64_t type_fingerprint;    // 48
  char type_name[64];           // 56: NUL-terminated
  char name[128];               // 120: resolved topic or service name, NUL-terminated
  // 248: CLOCK_MONOTONIC of the last manual liveliness assertion; written by the owner
  // (relaxed: a reader only compares it with its own clock, nothing else hangs on it).
  std::atomic<int64_t> asserted_ns;
};
static_assert(sizeof(EndpointEntry) == 256);
static_assert(offsetof(EndpointEntry, node_slot) == 16);
static_assert(offsetof(EndpointEntry, kind) == 24);
static_assert(offsetof(EndpointEntry, deadline_ns) == 32);
static_assert(offsetof(EndpointEntry, type_fingerprint) == 48);
static_assert(offsetof(EndpointEntry, type_name) == 56);
static_assert(offsetof(EndpointEntry, name) == 120);
static_assert(offsetof(EndpointEntry, asserted_ns) == 248);

inline constexpr uint64_t kNodesOffset = sizeof(GraphHeader);
inline constexpr uint64_t kEndpointsOffset = kNodesOffset + uint64_t(kNodeCapacity) * sizeof(NodeEntry);
inline constexpr uint64_t kGraphFileSize =
    kEndpointsOffset + uint64_t(kEndpointCapacity) * sizeof(EndpointEntry);
static_assert(kNodesOffset % 128 == 0 && kEndpointsOffset % 128 == 0);
static_assert(std::atomic<uint64_t>::is_always_lock_free);

}  // namespace dmxp::rt::layout
