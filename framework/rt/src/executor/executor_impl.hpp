// executor_impl.hpp - the state of an Executor (executor.hpp), shared by executor.cpp (nodes,
// what to wait on, spinning) and executor_timers.cpp (timers and housekeeping).
//
// Threads: `mu` guards the node list, wait items, waiters and timers; refresh_locked()
// rebuilds what is waited on from the nodes' entities whenever a node reports a change
// (node_changed(), from any thread). Blocking mode: io threads run io.run(), one waiter thread
// per domain posts drains (executor.hpp). Busy-poll: the spinning thread does everything.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "dmxp/rt/executor.hpp"
#include "dmxp/rt/node.hpp"
#include "executor/waiter.hpp"

namespace dmxp::rt {

namespace asio = boost::asio;

namespace detail {
inline constexpr int64_t kHousekeepingNs = 1'000'000'000;  // heartbeats and QoS matching
inline constexpr uint64_t kBusyPollIoNs = 50'000;          // busy-poll: timers/signals every 50 us
}  // namespace detail

struct Executor::Impl final : detail::ExecutorHook {
  using Strand = asio::strand<asio::io_context::executor_type>;

  struct NodeSlot {
    explicit NodeSlot(asio::io_context& io) : strand(asio::make_strand(io)) {}
    std::shared_ptr<Node> owner;  // owning, or an aliasing pointer that owns nothing
    std::shared_ptr<detail::NodeCore> core;
    Strand strand;
    uint64_t seen_generation = 0;
    std::vector<std::shared_ptr<detail::Entity>> entities;
  };

  struct TimerItem {
    explicit TimerItem(asio::io_context& io) : steady(io), wall(io) {}
    std::shared_ptr<detail::TimerBase> timer;
    std::shared_ptr<NodeSlot> slot;
    asio::steady_timer steady;
    asio::system_timer wall;
    uint64_t armed_version = 0;
    uint64_t token = 0;  // identifies the current wait; stale handlers see another one
    bool armed = false;
    std::chrono::steady_clock::time_point steady_next;
    std::chrono::system_clock::time_point wall_next;
  };

  explicit Impl(ExecutorOptions o) : opts(o) {}
  ~Impl() override;

  ExecutorOptions opts;
  asio::io_context io;
  asio::steady_timer housekeeping{io};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;

  std::mutex mu;  // everything below that is not atomic
  std::vector<std::shared_ptr<NodeSlot>> nodes;
  std::map<detail::Entity*, std::shared_ptr<detail::WaitItem>> wait_items;
  std::map<std::string, std::unique_ptr<detail::Waiter>> waiters;
  std::vector<std::thread> waiter_threads;
  std::vector<detail::Waiter*> running_waiters;  // those with a thread in waiter_threads
  std::vector<std::shared_ptr<detail::Entity>> poll_items;  // what busy-poll drains (copied by its loop)
  std::atomic<uint64_t> poll_version{0};
  std::map<detail::Entity*, std::shared_ptr<TimerItem>> timers;
  std::atomic<int64_t> housekeeping_ns{detail::kHousekeepingNs};
  uint64_t refreshed_changes = 0;

  std::atomic<uint64_t> changes{1};
  std::atomic<bool> spinning{false};
  std::atomic<bool> stop{false};       // cancel() was called
  std::atomic<bool> stopping{false};   // blocking mode is winding down
  std::atomic<bool> waiters_stop{false};
  std::atomic<size_t> in_flight{0};
  // A blocking executor with one io thread runs one callback at a time. Its waiter threads
  // then drain a ready subscription themselves when no callback runs (one thread hand-off
  // less per message than posting it to the io thread); callbacks_mu is held by whoever runs
  // a callback, on either side. Unused (never locked) with several io threads or busy-poll.
  std::mutex callbacks_mu;
  std::atomic<bool> serial{false};
  std::unique_lock<std::mutex> lock_callbacks() {
    return serial.load(std::memory_order_relaxed) ? std::unique_lock<std::mutex>(callbacks_mu)
                                                   : std::unique_lock<std::mutex>();
  }

  // ExecutorHook
  void node_changed() override {
    changes.fetch_add(1, std::memory_order_acq_rel);
    if (spinning.load(std::memory_order_acquire)) asio::post(io, [this] { refresh_if_changed(); });
  }
  void release_node(detail::NodeCore* core) override { remove_core(core); }

  void add(std::shared_ptr<Node> node);
  void remove_core(detail::NodeCore* core);
  void refresh_if_changed();
  void refresh_locked();
  void sync_timer(const std::shared_ptr<detail::TimerBase>& t, const std::shared_ptr<NodeSlot>& slot);
  void arm_timer(const std::shared_ptr<TimerItem>& item);
  void on_timer(const std::shared_ptr<TimerItem>& item, uint64_t token);
  void cancel_timer_locked(TimerItem& item);
  detail::Waiter* waiter_for(const std::string& domain, detail::NodeCore& core);
  void start_waiter_locked(detail::Waiter* w);
  std::shared_ptr<detail::WaitItem> make_item(const std::shared_ptr<detail::Entity>& e,
                                      const std::shared_ptr<NodeSlot>& slot, detail::Waiter* w);
  void arm_housekeeping();
  void on_housekeeping();
  void spin();
  void blocking_loop();
  void busy_loop();
  void begin_stop();
  void cancel();
};


}  // namespace dmxp::rt
