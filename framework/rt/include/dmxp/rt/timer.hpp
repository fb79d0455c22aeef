// timer.hpp - periodic callbacks, run by the node's executor (never concurrently with the
// node's other callbacks unless created reentrant).
//
//   auto t = node.create_timer(std::chrono::milliseconds(10), [&] { ... });  // steady clock
//   auto w = node.create_wall_timer(std::chrono::seconds(1), [&] { ... });   // system clock
//
// Steady timers follow CLOCK_MONOTONIC; wall timers follow the system clock (they shift when
// the clock is set). Expiries are spaced exactly one period apart; a callback that overruns
// skips the periods it missed instead of firing in a burst.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "dmxp/rt/extension.hpp"

namespace dmxp::rt {

// The untyped timer (extension.hpp); Timer is a handle over it.
class TimerBase : public Entity {
 public:
  TimerBase(std::shared_ptr<NodeCore> node, std::chrono::nanoseconds period, TimerClock clock,
            std::function<void()> callback, bool reentrant);
  static std::shared_ptr<TimerBase> create(const std::shared_ptr<NodeCore>& node,
                                           std::chrono::nanoseconds period, TimerClock clock,
                                           std::function<void()> callback, bool reentrant);
  bool is_timer() const override { return true; }
  std::chrono::nanoseconds period() const { return period_; }
  TimerClock clock() const { return clock_; }
  bool canceled() const { return canceled_.load(std::memory_order_acquire); }
  // Bumped by cancel() and reset(): the executor re-arms the timer when it changes.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }
  void cancel();
  void reset();
  // Runs the callback (executor side); false when detached.
  bool fire();
  uint64_t fired() const { return fired_.load(std::memory_order_relaxed); }

 private:
  std::chrono::nanoseconds period_;
  TimerClock clock_;
  std::function<void()> callback_;
  std::atomic<bool> canceled_{false};
  std::atomic<uint64_t> version_{1};
  std::atomic<uint64_t> fired_{0};
};

class Timer : public EntityHandle<TimerBase> {
 public:
  Timer() = default;
  explicit Timer(std::shared_ptr<TimerBase> t) : EntityHandle(std::move(t)) {}
  void cancel() { e_->cancel(); }
  // Restarts the period from now (and un-cancels).
  void reset() { e_->reset(); }
  bool is_canceled() const { return e_->canceled(); }
  std::chrono::nanoseconds period() const { return e_->period(); }
  uint64_t fired() const { return e_->fired(); }
};

}  // namespace dmxp::rt
