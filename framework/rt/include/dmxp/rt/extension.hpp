// extension.hpp - the runtime's extension point: what language bindings and users writing
// their own kinds of entity build on (docs/extending.md). Node code needs none of it: the
// typed API (node.hpp, publisher.hpp, subscription.hpp, service.hpp, timer.hpp) is built on
// these classes and is all a node uses.
//
// The model, as an executor sees it:
//   NodeCore   the state of a node that its entities share (names, remaps, logger, graph
//              registration, parameters) and the list of entities its executor runs.
//              Node::core() returns it; entities keep it alive, not the Node.
//   Entity     one thing an executor runs: a consumer to wait on and drain (subscriptions,
//              service servers, async clients), a timer, or periodic event checks. Its
//              callbacks run under the entity's run lock: never two at once, never after
//              detach().
//   EntityHandle<E>  the move-only owner a user holds; dropping it detaches the entity.
//   TypeInfo   a message type at run time: name, fingerprint, layout descriptor, size.
//
// The untyped endpoint bases, each with one factory that resolves the name (remaps), opens or
// creates the channel (type check, QoS mapping), registers the endpoint in the graph and adds
// the entity to its node:
//   PublisherBase::create             publisher.hpp  (used as is: loan/commit on producer())
//   SubscriptionBase::create<Sub>     subscription.hpp  (subclass it: deliver() gets each
//                                     message in its slot; the typed, generic and Python
//                                     subscriptions are its three subclasses)
//   ServiceBase::create, ClientBase::create   service.hpp  (a Handler over raw slots)
//   TimerBase::create                 timer.hpp
// Include dmxp/rt/node.hpp for all of them.
//
// A new kind of entity (e.g. a waitable over a channel the runtime does not know):
//
//   class Watch final : public dmxp::rt::Entity {
//    public:
//     Watch(std::shared_ptr<dmxp::rt::NodeCore> node, dmxp::Consumer c)
//         : Entity(std::move(node)), c_(std::move(c)) {}
//     dmxp_consumer* consumer() const override { return c_.handle(); }
//     size_t drain(size_t max) override {
//       size_t n = 0;
//       run_locked([&] {
//         dmxp_message m;
//         while (n < max && dmxp_consumer_try_receive(c_.handle(), &m) == DMXP_OK) {
//           seen(m.data, m.size);                  // the slot, valid until the release
//           dmxp_consumer_release(c_.handle());
//           ++n;
//         }
//       });
//       return n;
//     }
//    private:
//     dmxp::Consumer c_;
//   };
//   auto w = std::make_shared<Watch>(node.core(), std::move(consumer));
//   node.core()->add_entity(w);                  // the executor waits on it from now on
//   dmxp::rt::EntityHandle<Watch> handle(w);     // dropping it detaches the entity
//
// Stability: the names and signatures in this header and the endpoint bases' public members
// change only with a note in docs/extending.md. Everything in namespace dmxp::rt::detail and
// under dmxp/rt/detail/ is private to framework/rt and may change at any time; a test
// (tests/structure/check_layers.sh) fails when code outside framework/rt uses it.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "dmxp/dmxp.h"
#include "dmxp/msg/typed.hpp"
#include "dmxp/rt/arguments.hpp"
#include "dmxp/rt/graph.hpp"
#include "dmxp/rt/parameters.hpp"

namespace spdlog { class logger; }

namespace dmxp::rt {

// ---- message types at run time ----

// The strings name and descriptor point to must outlive every endpoint created with it
// (generated types: static constants; bindings and generic endpoints intern them).
struct TypeInfo {
  const char* name;
  uint64_t fingerprint;
  std::string_view descriptor;
  uint32_t size;
};

template <msg::Message T>
constexpr TypeInfo type_info_of() {
  static_assert(sizeof(T) <= UINT32_MAX - 64, "message larger than any slot");
  static_assert(alignof(T) <= 64, "slots are 64-byte aligned");
  return TypeInfo{T::kTypeName, T::kFingerprint, T::kDescriptor, uint32_t(sizeof(T))};
}

// The same for a type known at run time (a binding's message class, a generic endpoint's
// type read from a channel): the runtime keeps the strings for the life of the process, one
// copy per distinct type. Thread-safe.
TypeInfo intern_type_info(std::string_view name, uint64_t fingerprint,
                          std::string_view descriptor, uint32_t size);

// ---- entities ----

class NodeCore;
enum class TimerClock { Steady, Wall };

// Ownership: the user's handle (Publisher<T>, Subscription<T>, Timer, ...) owns the entity;
// the node keeps a weak reference, and an executor keeps a strong one while it may run it.
// Dropping the handle detaches the entity: no callback of it starts afterwards, and one that
// is running finishes first (unless the handle is dropped from inside that callback).
class Entity : public std::enable_shared_from_this<Entity> {
 public:
  explicit Entity(std::shared_ptr<NodeCore> node) : node_(std::move(node)) {}
  virtual ~Entity() = default;
  Entity(const Entity&) = delete;
  Entity& operator=(const Entity&) = delete;

  // ---- waitables (subscriptions, service servers): a consumer the executor waits on ----
  virtual dmxp_consumer* consumer() const { return nullptr; }
  // Takes up to max messages and runs the callback of each (inside run_locked); returns how
  // many it took. Only one thread drains an entity at a time (the executor guarantees it).
  virtual size_t drain(size_t /*max*/) { return 0; }

  // ---- timers (TimerBase only: executors arm them by its period and clock) ----
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

// ---- the node's shared state ----

namespace detail { class ExecutorHook; }  // what a node tells its executor (private)

// Thread-safe.
class NodeCore {
 public:
  NodeCore(std::string name, std::string ns, std::string domain, Arguments args,
           std::vector<ParameterOverride> overrides);
  ~NodeCore();

  const std::string& name() const { return name_; }
  const std::string& ns() const { return ns_; }
  const std::string& full_name() const { return full_name_; }
  const std::string& domain() const { return domain_; }
  const Arguments& arguments() const { return args_; }
  spdlog::logger& logger() const { return *logger_; }
  const std::shared_ptr<spdlog::logger>& logger_ptr() const { return logger_; }
  ParameterStore& parameters() { return params_; }

  // Resolves a topic or service name with this node's namespace, name and remaps.
  Result<std::string> resolve(std::string_view name) const;

  // Graph registry (null when disabled or unavailable). An entity that registers an endpoint
  // unregisters it in its on_detach().
  GraphRegistry* graph() const { return graph_.get(); }
  GraphRegistry::Handle graph_handle() const { return graph_handle_; }
  void attach_graph(std::shared_ptr<GraphRegistry> graph);
  GraphRegistry::Handle register_endpoint(EndpointKind kind, const std::string& name,
                                          const std::string& type, uint64_t fingerprint,
                                          const QoS& qos);
  void unregister_endpoint(GraphRegistry::Handle h);

  // Entities: the node's executor runs what was added, until it detaches.
  void add_entity(const std::shared_ptr<Entity>& e);
  void remove_entity(const Entity* e);
  std::vector<std::shared_ptr<Entity>> entities() const;
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Tells the executor to look again (entities or timers changed).
  void notify();

  // ---- executors only ----
  // False when the node is already in another executor.
  bool set_executor(detail::ExecutorHook* hook);
  void clear_executor(detail::ExecutorHook* hook);
  bool has_executor() const;
  // Called by ~Node: leaves the executor (if any).
  void leave_executor();

 private:
  std::string name_, ns_, full_name_, domain_;
  Arguments args_;
  ParameterStore params_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<GraphRegistry> graph_;
  GraphRegistry::Handle graph_handle_;
  mutable std::mutex mu_;
  std::vector<std::weak_ptr<Entity>> entities_;
  std::atomic<uint64_t> generation_{1};
  detail::ExecutorHook* executor_ = nullptr;
};

}  // namespace dmxp::rt
