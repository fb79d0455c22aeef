// Executor timers (steady and wall, armed on Asio timers bound to the node's strand) and the
// housekeeping tick (heartbeats, deadlines, liveliness, QoS matching).
#include "executor/executor_impl.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

using namespace detail;

// ---- timers ----

void Executor::Impl::cancel_timer_locked(TimerItem& item) {
  ++item.token;
  item.armed = false;
  item.steady.cancel();
  item.wall.cancel();
}

void Executor::Impl::sync_timer(const std::shared_ptr<TimerBase>& t,
                                const std::shared_ptr<NodeSlot>& slot) {
  auto& item = timers[t.get()];
  if (!item) {
    item = std::make_shared<TimerItem>(io);
    item->timer = t;
    item->slot = slot;
  }
  uint64_t v = t->version();
  if (item->armed_version == v && (item->armed || t->canceled() || !spinning.load())) return;
  if (item->armed) cancel_timer_locked(*item);
  item->armed_version = v;
  if (t->canceled() || !spinning.load()) return;
  item->steady_next = std::chrono::steady_clock::now() + t->period();
  item->wall_next = std::chrono::system_clock::now() +
                    std::chrono::duration_cast<std::chrono::system_clock::duration>(t->period());
  arm_timer(item);
}

void Executor::Impl::arm_timer(const std::shared_ptr<TimerItem>& item) {
  item->armed = true;
  uint64_t token = ++item->token;
  auto handler = [this, item, token](const boost::system::error_code& ec) {
    if (!ec) on_timer(item, token);
  };
  bool reentrant = item->timer->reentrant();
  if (item->timer->clock() == TimerClock::Steady) {
    item->steady.expires_at(item->steady_next);
    if (reentrant) item->steady.async_wait(asio::bind_executor(io, handler));
    else item->steady.async_wait(asio::bind_executor(item->slot->strand, handler));
  } else {
    item->wall.expires_at(item->wall_next);
    if (reentrant) item->wall.async_wait(asio::bind_executor(io, handler));
    else item->wall.async_wait(asio::bind_executor(item->slot->strand, handler));
  }
}

void Executor::Impl::on_timer(const std::shared_ptr<TimerItem>& item, uint64_t token) {
  if (stop.load(std::memory_order_acquire)) return;
  {
    std::lock_guard lock(mu);
    if (item->token != token) return;  // cancelled or re-armed meanwhile
  }
  {
    auto serial_section = lock_callbacks();
    item->timer->fire();
  }
  std::lock_guard lock(mu);
  if (item->token != token || item->timer->canceled()) return;
  // The next expiry is one period after this one; periods a slow callback overran are skipped.
  auto period = item->timer->period();
  if (item->timer->clock() == TimerClock::Steady) {
    auto now = std::chrono::steady_clock::now();
    do item->steady_next += period; while (item->steady_next <= now);
  } else {
    auto now = std::chrono::system_clock::now();
    auto p = std::chrono::duration_cast<std::chrono::system_clock::duration>(period);
    do item->wall_next += p; while (item->wall_next <= now);
  }
  arm_timer(item);
}

// ---- housekeeping: heartbeats, deadlines, liveliness, QoS matching ----

void Executor::Impl::arm_housekeeping() {
  housekeeping.expires_after(std::chrono::nanoseconds(housekeeping_ns.load()));
  housekeeping.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stop.load()) return;
    on_housekeeping();
    arm_housekeeping();
  });
}

void Executor::Impl::on_housekeeping() {
  uint64_t now = monotonic_ns();
  std::lock_guard lock(mu);
  for (const auto& slot : nodes) {
    asio::post(slot->strand, [this, core = slot->core, entities = slot->entities, now] {
      auto serial_section = lock_callbacks();
      if (GraphRegistry* g = core->graph()) g->heartbeat(core->graph_handle());
      for (const auto& e : entities) e->check_events(now);
    });
  }
}

}  // namespace dmxp::rt
