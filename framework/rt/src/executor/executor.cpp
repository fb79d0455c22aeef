// The executor: nodes, what to wait on (waiter threads or the busy-poll loop) and spinning.
// Timers and housekeeping are in executor_timers.cpp; the model is described in executor.hpp.
#include <pthread.h>
#include <signal.h>
#include <spdlog/logger.h>

#include "node/context.hpp"
#include "executor/executor_impl.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

using namespace detail;

namespace {

// Between polls of an idle busy loop: PAUSE (x86) or YIELD (Arm) eases the sibling
// hyperthread and the memory bus, and measured faster than a bare spin here.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

// ---- nodes ----

void Executor::Impl::add(std::shared_ptr<Node> node) {
  const std::shared_ptr<NodeCore>& core = node->core();
  if (!core->set_executor(this))
    throw Error(DMXP_ERR_BUSY, "node '" + core->full_name() + "' is already in another executor");
  auto slot = std::make_shared<NodeSlot>(io);
  slot->owner = std::move(node);
  slot->core = core;
  for (const auto& e : core->entities()) e->set_parked(false);
  {
    std::lock_guard lock(mu);
    for (const auto& s : nodes)
      if (s->core == core) return;  // added twice: once is enough
    nodes.push_back(slot);
  }
  node_changed();
}

void Executor::Impl::remove_core(NodeCore* core) {
  core->clear_executor(this);
  std::vector<std::shared_ptr<Entity>> entities;
  std::shared_ptr<NodeSlot> removed;
  {
    std::lock_guard lock(mu);
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
      if ((*it)->core.get() != core) continue;
      removed = *it;
      nodes.erase(it);
      break;
    }
    if (!removed) return;
    entities = removed->entities;
    changes.fetch_add(1);
    refresh_locked();
  }
  for (const auto& e : core->entities()) entities.push_back(e);
  // No callback of the node starts from now on; running ones finish before we return.
  for (const auto& e : entities) e->set_parked(true);
  for (const auto& e : entities) e->wait_idle();
  // The owner may be the last reference to the node: release it outside the lock.
  removed.reset();
}

// ---- what to wait on ----

void Executor::Impl::refresh_if_changed() {
  std::lock_guard lock(mu);
  if (changes.load(std::memory_order_acquire) == refreshed_changes) return;
  refresh_locked();
}

Waiter* Executor::Impl::waiter_for(const std::string& domain, NodeCore& core) {
  auto it = waiters.find(domain);
  if (it != waiters.end()) return it->second.get();
  Result<std::unique_ptr<Waiter>> w =
      Waiter::create(domain, opts.spin ? int64_t(opts.spin->count()) : -1);
  if (!w) {
    core.logger().error("executor cannot wait on domain '{}': {}", domain, w.error().what());
    return nullptr;
  }
  Waiter* raw = w.value().get();
  waiters.emplace(domain, std::move(w).value());
  if (spinning.load() && !opts.busy_poll && !stopping.load() && !waiters_stop.load())
    start_waiter_locked(raw);
  return raw;
}

void Executor::Impl::start_waiter_locked(Waiter* w) {
  if (std::find(running_waiters.begin(), running_waiters.end(), w) != running_waiters.end()) return;
  running_waiters.push_back(w);
  waiter_threads.emplace_back([this, w] { w->run(waiters_stop); });
}

std::shared_ptr<WaitItem> Executor::Impl::make_item(const std::shared_ptr<Entity>& e,
                                                    const std::shared_ptr<NodeSlot>& slot,
                                                    Waiter* waiter) {
  auto item = std::make_shared<WaitItem>();
  item->entity = e;
  std::weak_ptr<WaitItem> weak = item;
  item->post = [this, slot, waiter, weak](WaitItem*) {
    auto it = weak.lock();
    if (!it) return;
    in_flight.fetch_add(1, std::memory_order_acq_rel);
    auto drain = [this, it, waiter] {
      if (!stop.load(std::memory_order_acquire)) {
        auto serial_section = lock_callbacks();
        it->entity->drain(opts.max_batch);
      }
      waiter->finished(it.get());
      if (in_flight.fetch_sub(1, std::memory_order_acq_rel) == 1 &&
          stopping.load(std::memory_order_acquire))
        io.stop();
    };
    if (it->entity->reentrant()) asio::post(io, std::move(drain));
    else asio::post(slot->strand, std::move(drain));
  };
  item->drain_here = [this](WaitItem* it) {
    if (!serial.load(std::memory_order_relaxed)) return false;
    std::unique_lock serial_section(callbacks_mu, std::try_to_lock);
    if (!serial_section.owns_lock()) return false;  // a callback runs on the io thread
    it->entity->drain(opts.max_batch);
    return true;
  };
  return item;
}

void Executor::Impl::refresh_locked() {
  refreshed_changes = changes.load(std::memory_order_acquire);
  std::map<Entity*, std::shared_ptr<WaitItem>> items;
  std::map<Waiter*, std::vector<std::shared_ptr<WaitItem>>> by_waiter;
  std::map<Entity*, bool> timers_seen;
  poll_items.clear();
  int64_t period = kHousekeepingNs;
  for (const auto& slot : nodes) {
    uint64_t gen = slot->core->generation();
    bool changed = gen != slot->seen_generation;
    if (changed) {
      slot->seen_generation = gen;
      slot->entities = slot->core->entities();
    }
    for (const auto& e : slot->entities) {
      if (int64_t p = e->event_period_ns(); p > 0) period = std::min(period, p);
      if (e->is_timer()) {
        sync_timer(std::static_pointer_cast<TimerBase>(e), slot);
        timers_seen[e.get()] = true;
        continue;
      }
      if (!e->consumer()) continue;
      poll_items.push_back(e);
      if (opts.busy_poll) continue;
      Waiter* w = waiter_for(slot->core->domain(), *slot->core);
      if (!w) continue;
      auto found = wait_items.find(e.get());
      auto item = found != wait_items.end() ? found->second : make_item(e, slot, w);
      items[e.get()] = item;
      by_waiter[w].push_back(item);
    }
    if (changed && spinning.load()) {
      // New entities get their first QoS check (e.g. incompatible endpoints) right away.
      asio::post(slot->strand, [this, entities = slot->entities] {
        auto serial_section = lock_callbacks();
        uint64_t now = monotonic_ns();
        for (const auto& e : entities) e->check_events(now);
      });
    }
  }
  wait_items = std::move(items);
  for (auto& [domain, w] : waiters) {
    auto it = by_waiter.find(w.get());
    w->set_items(it == by_waiter.end() ? std::vector<std::shared_ptr<WaitItem>>{} : it->second);
  }
  for (auto it = timers.begin(); it != timers.end();) {
    if (timers_seen.count(it->first)) { ++it; continue; }
    cancel_timer_locked(*it->second);
    it = timers.erase(it);
  }
  // A new entity that wants its checks more often than the tick armed now (an async client's
  // timeouts, an action server's client checks) gets them from now, not after that tick.
  if (period < housekeeping_ns.exchange(period) && spinning.load())
    asio::post(io, [this] { arm_housekeeping(); });  // expires_after cancels the old wait
  poll_version.fetch_add(1, std::memory_order_release);
}

// ---- spinning ----

void Executor::Impl::spin() {
  if (!ok()) return;
  if (spinning.exchange(true)) throw Error(DMXP_ERR_BUSY, "executor is already spinning");
  if (stop.exchange(false)) {  // cancelled before it started
    spinning = false;
    return;
  }
  uint64_t spinner = register_spinner([this] { cancel(); });
  std::optional<asio::signal_set> signals;
  sigset_t held_mask;
  if (opts.handle_signals) {
    signals.emplace(io, SIGINT, SIGTERM);
    signals->async_wait([](const boost::system::error_code& ec, int) {
      if (!ec) shutdown();
    });
    // Signals held since start-up (hold_shutdown_signals) arrive now, into the set above.
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, SIGINT);
    sigaddset(&both, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &both, &held_mask);
  }
  io.restart();
  {
    std::lock_guard lock(mu);
    for (auto& [e, item] : timers) {  // re-arm from now: time did not run while not spinning
      cancel_timer_locked(*item);
      item->armed_version = 0;
    }
    for (const auto& slot : nodes) slot->seen_generation = 0;
    refresh_locked();
  }
  arm_housekeeping();
  if (!ok()) stop = true;  // a signal between the check above and the signal set
  if (opts.busy_poll) busy_loop();
  else blocking_loop();

  if (signals) {
    pthread_sigmask(SIG_SETMASK, &held_mask, nullptr);  // held again, as before the spin
    signals->cancel();
  }
  housekeeping.cancel();
  {
    std::lock_guard lock(mu);
    for (auto& [e, item] : timers) cancel_timer_locked(*item);
  }
  io.restart();
  io.poll();  // run what was cancelled, so no handler outlives this spin's state
  signals.reset();
  unregister_spinner(spinner);
  stopping = false;
  stop = false;
  spinning = false;
}

void Executor::Impl::blocking_loop() {
  stopping = false;
  waiters_stop = false;
  unsigned n = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  serial = n == 1;
  work.emplace(io.get_executor());
  {
    std::lock_guard lock(mu);
    for (auto& [domain, w] : waiters) start_waiter_locked(w.get());
  }
  if (stop.load()) asio::post(io, [this] { begin_stop(); });
  std::vector<std::thread> extra;
  for (unsigned i = 1; i < n; ++i) extra.emplace_back([this] { io.run(); });
  io.run();
  for (auto& t : extra) t.join();
  begin_stop();  // joins waiter threads if io stopped for another reason
  work.reset();
  serial = false;
}

void Executor::Impl::busy_loop() {
  uint64_t next_io = 0, seen_version = UINT64_MAX;
  uint32_t iteration = 0;
  // A private copy: a callback that adds or removes entities (even a node) changes
  // poll_items, never the vector being iterated.
  std::vector<std::shared_ptr<Entity>> active;
  while (!stop.load(std::memory_order_relaxed)) {
    if (poll_version.load(std::memory_order_acquire) != seen_version) {
      std::lock_guard lock(mu);
      seen_version = poll_version.load(std::memory_order_acquire);
      active = poll_items;
    }
    size_t got = 0;
    for (const auto& e : active) got += e->drain(opts.max_batch);
    if (got == 0) cpu_relax();
    if ((++iteration & 31) == 0) {
      uint64_t now = monotonic_ns();
      if (now >= next_io) {
        io.poll();  // timers, signals, refreshes, QoS events
        next_io = now + kBusyPollIoNs;
      }
    }
  }
}

void Executor::Impl::begin_stop() {
  if (stopping.exchange(true)) {
    if (in_flight.load() == 0) io.stop();
    return;
  }
  waiters_stop.store(true, std::memory_order_release);
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu);
    for (auto& [domain, w] : waiters) w->wake();
    threads.swap(waiter_threads);
    running_waiters.clear();
  }
  for (auto& t : threads) t.join();
  if (in_flight.load(std::memory_order_acquire) == 0) io.stop();
}

void Executor::Impl::cancel() {
  stop.store(true, std::memory_order_release);
  if (spinning.load() && !opts.busy_poll) asio::post(io, [this] { begin_stop(); });
}

Executor::Impl::~Impl() {
  stop = true;
  std::vector<std::shared_ptr<NodeSlot>> slots;
  {
    std::lock_guard lock(mu);
    slots = nodes;
  }
  for (const auto& s : slots) s->core->clear_executor(this);
  {
    std::lock_guard lock(mu);
    for (auto& [e, item] : timers) cancel_timer_locked(*item);
  }
  housekeeping.cancel();
  io.restart();
  io.poll();
  std::lock_guard lock(mu);
  timers.clear();
  wait_items.clear();
  waiters.clear();
  poll_items.clear();
  nodes.clear();
}

// ---- the public class ----

Executor::Executor(ExecutorOptions options) {
  if (options.busy_poll && options.threads != 1)
    throw Error(DMXP_ERR_INVALID_ARGUMENT, "busy-poll executors have exactly one thread");
  if (options.spin && options.spin->count() < 0)
    throw Error(DMXP_ERR_INVALID_ARGUMENT,
                "executor spin must be >= 0 ns (got " + std::to_string(options.spin->count()) +
                    " ns); busy_poll polls without sleeping");
  if (options.max_batch == 0) options.max_batch = 1;
  impl_ = std::make_unique<Impl>(options);
}

Executor::~Executor() = default;

void Executor::add_node(std::shared_ptr<Node> node) { impl_->add(std::move(node)); }
void Executor::add_node(Node& node) { impl_->add(std::shared_ptr<Node>(std::shared_ptr<Node>(), &node)); }
void Executor::remove_node(Node& node) { impl_->remove_core(node.core().get()); }
void Executor::spin() { impl_->spin(); }
void Executor::cancel() { impl_->cancel(); }
const ExecutorOptions& Executor::options() const { return impl_->opts; }

void Executor::spin_for(std::chrono::nanoseconds d) {
  asio::steady_timer t(impl_->io);
  t.expires_after(d);
  t.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) impl_->cancel();
  });
  impl_->spin();
  t.cancel();
  impl_->io.restart();
  impl_->io.poll();
}

}  // namespace dmxp::rt
