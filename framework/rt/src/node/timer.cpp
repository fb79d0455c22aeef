#include "dmxp/rt/timer.hpp"

namespace dmxp::rt {

TimerBase::TimerBase(std::shared_ptr<NodeCore> node, std::chrono::nanoseconds period,
                     TimerClock clock, std::function<void()> callback, bool reentrant)
    : Entity(std::move(node)), period_(period), clock_(clock), callback_(std::move(callback)) {
  reentrant_ = reentrant;
}

std::shared_ptr<TimerBase> TimerBase::create(const std::shared_ptr<NodeCore>& node,
                                             std::chrono::nanoseconds period, TimerClock clock,
                                             std::function<void()> callback, bool reentrant) {
  if (period.count() <= 0)
    throw Error(DMXP_ERR_INVALID_ARGUMENT, "timer period must be positive");
  auto t = std::make_shared<TimerBase>(node, period, clock, std::move(callback), reentrant);
  node->add_entity(t);
  return t;
}

void TimerBase::cancel() {
  canceled_.store(true, std::memory_order_release);
  version_.fetch_add(1, std::memory_order_acq_rel);
  node().notify();
}

void TimerBase::reset() {
  canceled_.store(false, std::memory_order_release);
  version_.fetch_add(1, std::memory_order_acq_rel);
  node().notify();
}

bool TimerBase::fire() {
  return run_locked([&] {
    if (canceled()) return;
    fired_.fetch_add(1, std::memory_order_relaxed);
    callback_();
  });
}

}  // namespace dmxp::rt
