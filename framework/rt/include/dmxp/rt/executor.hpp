// executor.hpp - runs the callbacks of nodes: subscriptions, timers, services, QoS events.
//
//   dmxp::rt::SingleThreadedExecutor exec;           // blocking: no CPU while idle
//   exec.add_node(node);
//   exec.spin();                                     // until SIGINT/SIGTERM or cancel()
//
// Built on Boost.Asio: an io_context runs timers, signal handling and callbacks, on the
// calling thread (single-threaded) or on N threads (multi-threaded). Channels are waited on
// without polling: one waiter thread per domain sleeps in a dmxp waitset, woken only by
// commits on its own channels, and posts a drain of each ready subscription to the
// io_context; the subscription is disabled in the waitset until its drain finished, so a
// consumer is only ever touched by one thread at a time. With one io thread, the waiter
// drains a ready subscription itself when no other callback runs (a lock keeps callbacks one
// at a time, as the io thread alone would): a message costs one thread wake-up, as a plain
// blocking receive does.
//
// Waiter spin: after each wake-up the waiter polls its channels a little before it sleeps
// again (ExecutorOptions::spin; by default the waitset's ~256 polls, about 10 us on the
// project's VM). A message that lands inside that window costs no futex wake-up (~20-70 us
// here); one that lands later pays it. A ping-pong whose reply takes longer than the window
// (e.g. an Image callback with a few us of Python work) pays it on every hop: a longer spin
// (e.g. 50-200 us) brings it back to busy-poll latency, at the price of the waiter keeping a
// core busy for that long after each message. An idle executor is not affected: the spin
// starts only after a wake-up, so a node that receives nothing still sleeps.
//
// Busy-poll (single thread only): the spinning thread calls try_receive on every
// subscription in a loop and polls the io_context every 50 us (timers, signals, services);
// lowest latency, one core at 100%.
//
// Callbacks of one node never run concurrently (an Asio strand per node), except those
// created reentrant (SubscriptionOptions::reentrant, ...) in a multi-threaded executor.
//
// Shutdown: cancel() (thread-safe), or SIGINT/SIGTERM (handle_signals): no new callback
// starts, running ones finish, spin() returns; then destroy nodes and handles (publishers
// abort outstanding loans, nothing is left half-written).
#pragma once

#include <chrono>
#include <memory>
#include <optional>

namespace dmxp::rt {

class Node;

struct ExecutorOptions {
  unsigned threads = 1;        // 0: one per CPU
  bool busy_poll = false;      // only with threads == 1
  bool handle_signals = true;  // SIGINT/SIGTERM end spin() and make rt::ok() false
  size_t max_batch = 64;       // messages one subscription takes per turn (fairness)
  // How long the waiter polls its channels before it sleeps (see "Waiter spin" above);
  // nullopt: the waitset's default (~256 polls). Must be >= 0. Ignored by busy_poll.
  std::optional<std::chrono::nanoseconds> spin;
};

class Executor {
 public:
  // dmxp::Error (DMXP_ERR_INVALID_ARGUMENT) for busy_poll with several threads or a
  // negative spin.
  explicit Executor(ExecutorOptions options = {});
  virtual ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // A node belongs to one executor at a time (dmxp::Error DMXP_ERR_BUSY otherwise). The
  // shared_ptr overload keeps the node alive while added; the reference overload does not.
  void add_node(std::shared_ptr<Node> node);
  void add_node(Node& node);
  // Returns after the node's running callbacks finished (unless called from one of them).
  void remove_node(Node& node);

  // Runs until cancel() or a handled signal. Returns at once when rt::ok() is false.
  void spin();
  // The same, for at most d.
  void spin_for(std::chrono::nanoseconds d);
  // Thread-safe; a cancel() before spin() makes the next spin() return at once.
  void cancel();

  const ExecutorOptions& options() const;
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

class SingleThreadedExecutor : public Executor {
 public:
  explicit SingleThreadedExecutor(bool busy_poll = false,
                                  std::optional<std::chrono::nanoseconds> spin = std::nullopt)
      : Executor(ExecutorOptions{1, busy_poll, true, 64, spin}) {}
};

class MultiThreadedExecutor : public Executor {
 public:
  explicit MultiThreadedExecutor(unsigned threads = 0,
                                 std::optional<std::chrono::nanoseconds> spin = std::nullopt)
      : Executor(ExecutorOptions{threads, false, true, 64, spin}) {}
};

}  // namespace dmxp::rt
