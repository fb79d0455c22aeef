// crash_harness.hpp - the test side of the crash-point suite: peers (dmxp_crash_peer
// processes driven by one-line commands), victims armed with DMXP_CRASH_AT, proof that a victim
// really reached its point, and a ledger that checks every message (nothing lost, nothing
// repeated, nothing torn, batches all or none).
//
// The test process itself links the plain libdmxp and may act as a producer or consumer;
// every armed actor is a dmxp_crash_peer process.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "dmxp/dmxp.h"
#include "test_support.hpp"

namespace dmxp_test::crash {

// Every wait in this suite is bounded by one of these; they bound failures, not speed.
inline constexpr int kReplyMs = 20'000;   // one peer command that is expected to finish
inline constexpr int kStopMs = 10'000;    // a victim reaching its crash point
inline constexpr int64_t kStallMs = 20;   // stall timeout of the channels (the default)
// How long recovery from a dead actor may take beyond the stall timeout: generous, for
// sanitizer builds on two busy cores.
inline constexpr int64_t kSlackMs = 5'000;

// Where a victim stops or dies: DMXP_CRASH_AT=<point>:<n>[:stop].
struct CrashAt {
  std::string point;
  unsigned n = 1;
  bool stop = false;
  std::string spec() const;
  // The line crash_point.cpp writes on stderr when it fires.
  std::string line(pid_t pid) const;
};

// A parsed answer of a peer: ok or not, the status, and the rest of the words.
struct Reply {
  bool received = false;  // false: no answer (timeout, or the peer died)
  bool ok = false;
  int status = 0;
  std::vector<std::string> words;  // after "ok" / "err <status>", up to " | "
  std::string detail;              // after " | "
  std::string raw;
};

// One message as a peer (or the test) saw it.
struct Seen {
  uint32_t producer = 0;
  uint64_t seq = 0;
  uint64_t key = 0;
  uint32_t batch_index = 0;
  uint32_t batch_count = 1;
  std::string bad;  // non-empty: the payload failed its check (verdict)
};

// A dmxp_crash_peer process.
class Peer {
 public:
  // Starts a bystander (no crash point armed) or a victim.
  static std::unique_ptr<Peer> start(const std::string& domain,
                                     const std::optional<CrashAt>& crash = std::nullopt);
  ~Peer();  // SIGKILLs and reaps a peer still running
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  pid_t pid() const { return first_pid_; }  // stays valid after the peer is reaped
  const std::optional<CrashAt>& crash() const { return crash_; }

  // Sends one command line; answer() reads its answer. call() does both.
  bool post(const std::string& command);
  Reply answer(int timeout_ms = kReplyMs);
  Reply call(const std::string& command, int timeout_ms = kReplyMs);

  // True when an answer is waiting to be read (the last command finished).
  bool answered() const;
  // Everything the peer wrote on stderr so far.
  std::string log() const;
  // Waits until the crash line of the armed point appears on stderr.
  bool crash_line_seen(int timeout_ms) const;
  // Waits until /proc/<pid>/stat says 'T' (stopped).
  bool stopped(int timeout_ms) const;
  // Process state letter from /proc/<pid>/stat (0 if gone).
  char state() const;
  void resume() const;  // SIGCONT
  ExitStatus kill_and_reap();
  ExitStatus wait(int timeout_ms);

 private:
  Peer() = default;
  pid_t pid_ = -1;        // -1 once reaped
  pid_t first_pid_ = -1;
  int to_peer_ = -1, from_peer_ = -1, log_fd_ = -1;
  std::string pending_;  // bytes read past the last answer
  std::optional<CrashAt> crash_;
};

// gtest checks about a victim.
// The victim died of SIGKILL at its armed point (crash line seen, then reaped).
::testing::AssertionResult DiedAtPoint(Peer& victim, int timeout_ms = kStopMs);
// The victim is stopped at its armed point (crash line seen and state 'T').
::testing::AssertionResult StoppedAtPoint(const Peer& victim, int timeout_ms = kStopMs);
// The answer is "ok".
::testing::AssertionResult ReplyOk(const Reply& r);
#define ASSERT_CALL_OK(peer, command)                                                       \
  ASSERT_TRUE(::dmxp_test::crash::ReplyOk((peer).call(command))) << "command: " << (command) \
                                                                  << "\n" << (peer).log()
#define EXPECT_CALL_OK(peer, command)                                                       \
  EXPECT_TRUE(::dmxp_test::crash::ReplyOk((peer).call(command))) << "command: " << (command) \
                                                                  << "\n" << (peer).log()

// Messages of a "recv"/"try" answer: words are "<lost> <n> <msg>...".
std::vector<Seen> messages_of(const Reply& r);
uint64_t lost_of(const Reply& r);
Seen seen_of(const dmxp_message& m);

// Everything consumers received, checked message by message.
class Ledger {
 public:
  // Records what one consumer (name) received, in order. Checks order per producer within
  // this consumer, checksums and batch fields; problems are kept in errors().
  void add(const std::string& consumer, const std::vector<Seen>& messages);
  void add(const std::string& consumer, const Seen& message);
  // Every consumer in `consumers` received exactly `expected` of producer (in order), once.
  ::testing::AssertionResult EachReceived(const std::vector<std::string>& consumers,
                                          uint32_t producer,
                                          const std::vector<uint64_t>& expected) const;
  // Across all consumers together, producer's messages are exactly `expected`, each once
  // (QUEUE: competing consumers).
  ::testing::AssertionResult AllReceivedOnce(uint32_t producer,
                                             const std::vector<uint64_t>& expected) const;
  // No torn payload, no order violation, every batch all-or-none per consumer.
  ::testing::AssertionResult Clean() const;
  std::vector<uint64_t> seqs(const std::string& consumer, uint32_t producer) const;
  size_t count(const std::string& consumer) const;
  const std::vector<Seen>& of(const std::string& consumer) const;

 private:
  std::map<std::string, std::vector<Seen>> by_consumer_;
  std::vector<std::string> errors_;
};

// seq values first, first+1, ..., first+count-1 (and concatenations).
std::vector<uint64_t> range(uint64_t first, uint64_t count);
std::vector<uint64_t> operator+(std::vector<uint64_t> a, const std::vector<uint64_t>& b);

// "create=1,mode=...,..." for a peer's popen/copen.
struct Ring {
  dmxp_mode mode = DMXP_MODE_BROADCAST;
  dmxp_backpressure bp = DMXP_RELIABLE;
  uint32_t capacity = 16;
  uint32_t max_consumers = 8;
  uint32_t max_producers = 8;
  int64_t stall_ms = kStallMs;
  std::string peer_options() const;  // create=1 with everything above
  dmxp_channel_options apply(dmxp_channel_options o) const;
};
inline constexpr uint32_t kSlotSize = 256;

// Sends one self-checking message from the test process.
int send_message(dmxp_producer* p, uint32_t producer, uint64_t seq, int64_t timeout_ns,
                 uint64_t* key = nullptr);
// Receives (blocking, each receive bounded by timeout_ns) until count messages, recording them;
// returns the last status (DMXP_OK when all arrived).
int receive_into(Ledger& ledger, const std::string& name, dmxp_consumer* c, uint64_t count,
                 int64_t timeout_ns);
// try_receive until WOULD_BLOCK, recording; returns how many.
uint64_t drain_into(Ledger& ledger, const std::string& name, dmxp_consumer* c);

// Polls predicate every millisecond until it holds or timeout_ms passes.
bool eventually(int timeout_ms, const std::function<bool()>& predicate);
int64_t now_ms();

// The scenario table: for every crash point, the tests that make a victim stop or die there.
struct Scenario {
  const char* point;
  const char* test;  // "Suite.Name" as gtest reports it (parameterised: the prefix before '/')
};
const std::vector<Scenario>& scenarios();

}  // namespace dmxp_test::crash
