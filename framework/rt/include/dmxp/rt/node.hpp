// node.hpp - dmxp::rt::Node: what sensor, planner and utility nodes are written against.
//
//   class Lidar : public dmxp::rt::Node {
//    public:
//     explicit Lidar(const dmxp::rt::NodeOptions& o = {}) : Node("lidar", o) {
//       rate_ = declare_parameter("rate_hz", 10.0);
//       pub_ = create_publisher<sensor_msgs::msg::LaserScan>("scan", dmxp::rt::QoS::sensor_data()).value();
//       timer_ = create_timer(std::chrono::duration<double>(1.0 / rate_), [this] { tick(); });
//     }
//    private:
//     double rate_;
//     dmxp::rt::Publisher<sensor_msgs::msg::LaserScan> pub_;   // handles last: they are
//     dmxp::rt::Timer timer_;                                   // destroyed (and stop) first
//   };
//
// A node has a name and a namespace (its full name is "/ns/name"), resolves topic names
// ROS-style with remaps (names.hpp), maps each topic onto a DMXP channel carrying the
// message type's fingerprint and layout descriptor (a publisher or subscription of another
// type is refused with an error naming the topic and both types), registers itself and its
// endpoints in the domain's graph registry, offers a parameter service ("~/_parameters") and
// logs through spdlog with its full name as prefix.
//
// Its name, namespace, remaps, parameter overrides and log level come from the options and
// from the process's command line (--ros-args, arguments.hpp): parsed by dmxp::rt::init(argc,
// argv), the documented way, or, in a program that never called init, read by the first node
// from /proc/self/cmdline (node_options.hpp says which rules win).
//
// create_* return Result<handle>: DMXP_ERR_INVALID_ARGUMENT for a bad name,
// DMXP_ERR_INCOMPATIBLE for a type mismatch, or the channel's error. The constructor throws
// dmxp::Error for an invalid name, namespace or argument list, its own or the command
// line's (setup errors).
// Thread safety: creating entities and parameter calls are thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "dmxp/msg/typed.hpp"
#include "dmxp/rt/detail/node_core.hpp"
#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/logging.hpp"
#include "dmxp/rt/node_options.hpp"
#include "dmxp/rt/parameters.hpp"
#include "dmxp/rt/publisher.hpp"
#include "dmxp/rt/qos.hpp"
#include "dmxp/rt/service.hpp"
#include "dmxp/rt/subscription.hpp"
#include "dmxp/rt/timer.hpp"

namespace dmxp::rt {

class Node {
 public:
  explicit Node(const std::string& name, const NodeOptions& options = {});
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const std::string& get_name() const { return core_->name(); }
  const std::string& get_namespace() const { return core_->ns(); }
  const std::string& get_fully_qualified_name() const { return core_->full_name(); }
  const std::string& domain() const { return core_->domain(); }
  spdlog::logger& logger() const { return core_->logger(); }
  void set_log_level(const std::string& level);

  // "scan" -> "/robot/scan" (with this node's remaps).
  Result<std::string> resolve_topic_name(std::string_view name) const { return core_->resolve(name); }

  // ---- topics ----
  template <msg::Message T>
  Result<Publisher<T>> create_publisher(std::string_view topic, const QoS& qos = QoS(),
                                        PublisherOptions options = {}) {
    auto base = PublisherBase::create(core_, topic, type_info_of<T>(), qos, std::move(options));
    if (!base) return base.error();
    return Publisher<T>(std::move(base).value());
  }

  template <msg::Message T, class F>
  Result<Subscription<T>> create_subscription(std::string_view topic, const QoS& qos, F&& callback,
                                              SubscriptionOptions options = {}) {
    static_assert(std::is_invocable_v<std::decay_t<F>&, const T&> ||
                      std::is_invocable_v<std::decay_t<F>&, const T&, const MessageInfo&>,
                  "the callback takes (const T&) or (const T&, const MessageInfo&)");
    auto sub = SubscriptionBase::create<detail::TypedSubscription<T, std::decay_t<F>>>(
        core_, topic, type_info_of<T>(), qos, std::move(options), std::forward<F>(callback));
    if (!sub) return sub.error();
    return Subscription<T>(std::move(sub).value());
  }

  // ---- timers ----
  Timer create_timer(std::chrono::nanoseconds period, std::function<void()> callback,
                     bool reentrant = false) {
    return Timer(TimerBase::create(core_, period, TimerClock::Steady, std::move(callback), reentrant));
  }
  Timer create_wall_timer(std::chrono::nanoseconds period, std::function<void()> callback,
                          bool reentrant = false) {
    return Timer(TimerBase::create(core_, period, TimerClock::Wall, std::move(callback), reentrant));
  }

  // ---- services ----
  // handler(const Req&, Res&): Res is constructed (zeroed, defaults) in the response slot.
  template <msg::Message Req, msg::Message Res, class F>
  Result<Service<Req, Res>> create_service(std::string_view name, F&& handler,
                                           ServiceOptions options = {}) {
    ServiceBase::Handler h = [f = std::forward<F>(handler)](const void* rq, void* rs) mutable {
      Res* res = new (rs) Res();
      f(*static_cast<const Req*>(rq), *res);
    };
    auto base = ServiceBase::create(core_, name, service_types_of<Req, Res>(), std::move(h), options);
    if (!base) return base.error();
    return Service<Req, Res>(std::move(base).value());
  }
  template <msg::Message Req, msg::Message Res>
  Result<Client<Req, Res>> create_client(std::string_view name, ClientOptions options = {}) {
    auto base = ClientBase::create(core_, name, service_types_of<Req, Res>(), options);
    if (!base) return base.error();
    return Client<Req, Res>(std::move(base).value());
  }
  // The same, typed by a service struct that dmxp-msgc generates from a .srv file:
  //   node.create_service<example_interfaces::srv::AddTwoInts>("add", handler);
  template <ServiceType Srv, class F>
  Result<Service<typename Srv::Request, typename Srv::Response>> create_service(
      std::string_view name, F&& handler, ServiceOptions options = {}) {
    return create_service<typename Srv::Request, typename Srv::Response>(
        name, std::forward<F>(handler), options);
  }
  template <ServiceType Srv>
  Result<Client<typename Srv::Request, typename Srv::Response>> create_client(
      std::string_view name, ClientOptions options = {}) {
    return create_client<typename Srv::Request, typename Srv::Response>(name, options);
  }

  // ---- parameters ----
  // The effective value (an override from arguments or the launch file wins over the
  // default). Throws dmxp::Error for an invalid name, a second declaration or an override of
  // another type: these are setup errors.
  template <class T>
  T declare_parameter(const std::string& name, const T& default_value,
                      const ParameterDescriptor& descriptor = {}) {
    ParameterValue v = core_->parameters().declare(name, ParameterValue(default_value), descriptor).value();
    return v.get<T>();
  }
  std::string declare_parameter(const std::string& name, const char* default_value,
                                const ParameterDescriptor& descriptor = {}) {
    return declare_parameter<std::string>(name, std::string(default_value), descriptor);
  }
  // Throws dmxp::Error when undeclared or of another type.
  template <class T>
  T get_parameter(const std::string& name) const {
    return core_->parameters().get(name).value().template get<T>();
  }
  Result<ParameterValue> get_parameter_value(const std::string& name) const {
    return core_->parameters().get(name);
  }
  bool has_parameter(const std::string& name) const { return core_->parameters().has(name); }
  SetParametersResult set_parameter(const Parameter& p) { return core_->parameters().set(p); }
  SetParametersResult set_parameters(const std::vector<Parameter>& p) { return core_->parameters().set(p); }
  std::vector<ParameterInfo> list_parameters() const { return core_->parameters().list(); }
  ParameterStore::ValidatorId add_on_set_parameters_callback(ParameterValidator v) {
    return core_->parameters().add_validator(std::move(v));
  }
  void remove_on_set_parameters_callback(ParameterStore::ValidatorId id) {
    core_->parameters().remove_validator(id);
  }
  ParameterStore& parameters() { return core_->parameters(); }

  // ---- graph ----
  GraphRegistry* graph() const { return core_->graph(); }  // null when disabled

  // The state this node's entities share: for bindings and custom entities (extension.hpp).
  const std::shared_ptr<NodeCore>& core() const { return core_; }

 private:
  std::shared_ptr<NodeCore> core_;
  struct ParameterServer;
  std::unique_ptr<ParameterServer> parameter_server_;
};

}  // namespace dmxp::rt
