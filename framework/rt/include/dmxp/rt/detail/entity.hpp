// detail/entity.hpp - what an executor runs: the common base of subscriptions, service
// servers, timers and publishers (for their events), and the user-facing handle that owns
// one. Not for direct use.
//
// Ownership: the user's handle (Publisher<T>, Subscription<T>, Timer, ...) owns the entity;
// the node keeps a weak reference, and an executor keeps a strong one while it may run it.
// Dropping the handle detaches the entity: no callback of it starts afterwards, and one that
// is running finishes first (unless the handle is dropped from inside that callback).
#pragma once

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "dmxp/dmxp.h"

namespace dmxp::rt::detail {

class NodeCore;

enum class TimerClock { Steady, Wall };

class Entity : public std::enable_shared_from_this<Entity> {
 public:
  explicit Entity(std::shared_ptr<NodeCore> node) : node_(std::move(node)) {}
  virtual ~Entity() = default;
  Entity(const Entity&) = delete;
  Entity& operator=(const Entity&) = delete;

  // ---- waitables (subscriptions, service servers): a consumer the executor waits on ----
  virtual dmxp_consumer* consumer() const { return nullptr; }
  // Takes up to max messages and runs the callback of each; returns how many it took.
  // Only one thread drains an entity at a time (the executor guarantees it).
  virtual size_t drain(size_t /*max*/) { return 0; }

  // ---- timers ----
  virtual bool is_timer() const { return false; }

  // ---- periodic checks (deadlines, liveliness, QoS matching) ----
  // How often check_events wants to run; 0 = never.
  virtual int64_t event_period_ns() const { return 0; }
  virtual void check_events(uint64_t /*monotonic_now_ns*/) {}

  // Callbacks of a reentrant entity may run concurrently with the node's other callbacks
  // (in a multi-threaded executor); by default a node's callbacks never overlap.
  bool reentrant() const { return reentrant_; }
  bool detached() const { return detached_.load(std::memory_order_acquire); }
  NodeCore& node() const { return *node_; }
  const std::shared_ptr<NodeCore>& node_ptr() const { return node_; }

  // Stops callbacks (see above) and unregisters from the node and the graph.
  void detach();
  // Executors: parked entities start no callback (a node removed from its executor).
  void set_parked(bool parked) { parked_.store(parked, std::memory_order_release); }
  // Returns once no callback of this entity runs (at once when called from inside one).
  void wait_idle();

 protected:
  // Runs fn under the run lock unless detached; returns whether it ran. An exception from
  // user code is logged with the node's name and dropped: one throwing callback never stops
  // an executor or leaves it half-way through its bookkeeping.
  template <class F>
  bool run_locked(F&& fn) {
    std::lock_guard lock(run_mu_);
    if (detached() || parked_.load(std::memory_order_acquire)) return false;
    runner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    try {
      fn();
    } catch (const std::exception& e) {
      report_exception(e.what());
    } catch (...) {
      report_exception("an exception that is not a std::exception");
    }
    runner_.store(std::thread::id(), std::memory_order_relaxed);
    return true;
  }
  // Called once by detach(), after callbacks stopped: unregister from the graph etc.
  virtual void on_detach() {}
  void report_exception(const char* what) const;

  bool reentrant_ = false;

 private:
  std::shared_ptr<NodeCore> node_;
  std::atomic<bool> detached_{false};
  std::atomic<bool> parked_{false};
  std::mutex run_mu_;
  std::atomic<std::thread::id> runner_{};
};

// The owning handle. Move-only; an empty handle (default-constructed or moved from) is
// allowed, for members assigned later.
template <class E>
class EntityHandle {
 public:
  EntityHandle() = default;
  explicit EntityHandle(std::shared_ptr<E> e) : e_(std::move(e)) {}
  EntityHandle(EntityHandle&&) noexcept = default;
  EntityHandle& operator=(EntityHandle&& o) noexcept {
    if (this != &o) { reset(); e_ = std::move(o.e_); }
    return *this;
  }
  ~EntityHandle() { reset(); }
  void reset() {
    if (e_) e_->detach();
    e_.reset();
  }
  explicit operator bool() const { return e_ != nullptr; }
  E* entity() const { return e_.get(); }

 protected:
  std::shared_ptr<E> e_;
};

}  // namespace dmxp::rt::detail
