// dmxp.Node (names, remaps and parameters from --ros-args, graph registration), dmxp.QoS,
// timers, parameters and logging.
#include <chrono>
#include <optional>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "node_handle.hpp"
#include "rt_support.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

std::chrono::nanoseconds seconds(double s) {
  if (!(s >= 0)) raise(DMXP_ERR_INVALID_ARGUMENT, "a duration must be >= 0 seconds, got " + std::to_string(s));
  return std::chrono::nanoseconds(int64_t(s * 1e9));
}
double to_seconds(std::chrono::nanoseconds d) { return double(d.count()) / 1e9; }

rt::QoS make_qos(uint32_t depth, const std::string& reliability, const std::string& durability,
                 double deadline, double liveliness_lease, double max_blocking, const std::string& liveliness) {
  rt::QoS q(depth);
  if (reliability == "reliable") q.reliable();
  else if (reliability == "best_effort") q.best_effort();
  else raise(DMXP_ERR_INVALID_ARGUMENT, "reliability='" + reliability + "': expected 'reliable' or 'best_effort'");
  if (durability == "volatile") q.durability_volatile();
  else if (durability == "transient_local") q.transient_local();
  else raise(DMXP_ERR_INVALID_ARGUMENT, "durability='" + durability + "': expected 'volatile' or 'transient_local'");
  q.deadline = seconds(deadline);
  q.liveliness_lease = seconds(liveliness_lease);
  q.max_blocking = seconds(max_blocking);
  if (liveliness == "automatic") q.liveliness = rt::Liveliness::Automatic;
  else if (liveliness == "manual_by_topic") q.liveliness = rt::Liveliness::ManualByTopic;
  else raise(DMXP_ERR_INVALID_ARGUMENT, "liveliness='" + liveliness + "': expected 'automatic' or 'manual_by_topic'");
  return q;
}

NodeHandle make_node(const std::string& name, const std::string& ns, std::optional<std::string> domain,
                     std::vector<std::string> arguments, std::optional<pyb::dict> overrides,
                     bool use_global_arguments, bool start_parameter_services, bool enable_graph,
                     std::optional<std::string> log_level) {
  rt::NodeOptions o;
  o.ns(ns).arguments(std::move(arguments)).use_global_arguments(use_global_arguments);
  o.start_parameter_services(start_parameter_services).enable_graph(enable_graph);
  if (domain) o.domain(*domain);
  if (log_level) o.log_level(*log_level);
  if (overrides)
    for (auto [k, v] : *overrides) o.append_parameter_override(pyb::str(k).cast<std::string>(), to_parameter(v));
  try {
    pyb::gil_scoped_release unlocked;  // the parameter service starts endpoints
    return NodeHandle{std::make_shared<rt::Node>(name, o)};
  } catch (const dmxp::Error& e) {
    raise_error(e);
  }
}

// A timer handle; its node (dmxp/_node.py) keeps it too: destroy() or node.destroy_timer()
// ends the timer, dropping the last reference does as well.
struct Timer {
  std::shared_ptr<rt::TimerBase> t;
  explicit Timer(std::shared_ptr<rt::TimerBase> x) : t(std::move(x)) {}
  Timer(Timer&&) = default;
  ~Timer() { destroy(); }
  void destroy() { detach_released(t); }
  rt::TimerBase& get() const { return alive(t, "timer"); }
};

std::unique_ptr<Timer> create_timer(NodeHandle& n, double period, pyb::function callback, bool wall) {
  auto cb = std::make_shared<PyCallable>(std::move(callback));
  std::function<void()> fn = [cb] {
    CallbackGil gil;
    try {
      cb->get()();
    } catch (pyb::error_already_set& e) {
      report_callback_error(e);
    }
  };
  auto clock = wall ? rt::TimerClock::Wall : rt::TimerClock::Steady;
  return std::make_unique<Timer>(rt::TimerBase::create(n.get().core(), seconds(period), clock, fn, false));
}

pyb::object declare_parameter(NodeHandle& n, const std::string& name, const pyb::object& default_value,
                              const std::string& description, bool read_only, bool dynamic_typing) {
  rt::ParameterDescriptor d;
  d.description = description;
  d.read_only = read_only;
  d.dynamic_typing = dynamic_typing;
  return from_parameter(unwrap(n.get().parameters().declare(name, to_parameter(default_value), d)));
}

rt::SetParametersResult set_parameters(NodeHandle& n, const pyb::dict& values) {
  std::vector<rt::Parameter> ps;
  for (auto [k, v] : values) ps.push_back({pyb::str(k).cast<std::string>(), to_parameter(v)});
  pyb::gil_scoped_release unlocked;  // validators written in Python take the GIL themselves
  return n.get().set_parameters(ps);
}

uint64_t add_validator(NodeHandle& n, pyb::function fn) {
  auto cb = std::make_shared<PyCallable>(std::move(fn));
  return n.get().add_on_set_parameters_callback([cb](const std::vector<rt::Parameter>& ps) {
    CallbackGil gil;
    try {
      pyb::dict d;
      for (const auto& p : ps) d[pyb::str(p.name)] = from_parameter(p.value);
      pyb::object r = cb->get()(d);
      if (pyb::isinstance<pyb::tuple>(r))
        return rt::SetParametersResult{pyb::bool_(r[pyb::int_(0)]), pyb::str(r[pyb::int_(1)]).cast<std::string>()};
      return rt::SetParametersResult{pyb::bool_(r), pyb::bool_(r) ? "" : "refused by a validator"};
    } catch (pyb::error_already_set& e) {
      return rt::SetParametersResult{false, std::string("the validator raised: ") + e.what()};
    }
  });
}

void log(NodeHandle& n, spdlog::level::level_enum level, const std::string& text) {
  n.get().logger().log(level, "{}", text);
}

}  // namespace

void bind_node(pyb::module_& m) {
  pyb::class_<rt::QoS>(m, "QoS", R"doc(
Quality of service of a topic endpoint (as in ROS 2): history depth (ring capacity),
reliability ('reliable' | 'best_effort'), durability ('volatile' | 'transient_local'),
deadline and liveliness lease in seconds (0: none), max_blocking: how long a reliable publish
waits for room, liveliness ('automatic': a publisher is alive while its process is;
'manual_by_topic': while it published or called assert_liveliness() within its lease).
Subscriptions and publishers report deadline, liveliness and incompatibility events to
event_callbacks (dmxp.qos_event). An int can be given wherever a QoS is expected (the depth).
)doc")
      .def(pyb::init(&make_qos), pyb::arg("depth") = 10, pyb::arg("reliability") = "reliable",
           pyb::arg("durability") = "volatile", pyb::arg("deadline") = 0.0,
           pyb::arg("liveliness_lease") = 0.0, pyb::arg("max_blocking") = 0.1,
           pyb::arg("liveliness") = "automatic")
      .def(pyb::init([](uint32_t depth) { return rt::QoS(depth); }))
      .def_static("sensor_data", &rt::QoS::sensor_data, "Best effort, depth 5.")
      .def_static("latched", &rt::QoS::latched, "Reliable, transient local, depth 1.")
      .def_readwrite("depth", &rt::QoS::depth)
      .def_property_readonly("reliability", [](const rt::QoS& q) {
        return q.reliability == rt::Reliability::Reliable ? "reliable" : "best_effort";
      })
      .def_property_readonly("durability", [](const rt::QoS& q) {
        return q.durability == rt::Durability::Volatile ? "volatile" : "transient_local";
      })
      .def_property_readonly("deadline", [](const rt::QoS& q) { return to_seconds(q.deadline); })
      .def_property_readonly("liveliness_lease", [](const rt::QoS& q) { return to_seconds(q.liveliness_lease); })
      .def_property_readonly("max_blocking", [](const rt::QoS& q) { return to_seconds(q.max_blocking); })
      .def_property_readonly("liveliness", [](const rt::QoS& q) {
        return q.liveliness == rt::Liveliness::Automatic ? "automatic" : "manual_by_topic";
      })
      .def("__repr__", [](const rt::QoS& q) { return "dmxp.QoS(" + rt::to_string(q) + ")"; });
  pyb::implicitly_convertible<pyb::int_, rt::QoS>();

  pyb::class_<rt::SetParametersResult>(m, "SetParametersResult")
      .def_readonly("successful", &rt::SetParametersResult::successful)
      .def_readonly("reason", &rt::SetParametersResult::reason)
      .def("__bool__", [](const rt::SetParametersResult& r) { return r.successful; })
      .def("__repr__", [](const rt::SetParametersResult& r) {
        return std::string("SetParametersResult(successful=") + (r.successful ? "True" : "False") +
               ", reason='" + r.reason + "')";
      });

  pyb::class_<Timer>(m, "Timer", "A periodic callback (node.create_timer); cancel() pauses it, destroy() ends it.")
      .def("cancel", [](Timer& t) { t.get().cancel(); })
      .def("reset", [](Timer& t) { t.get().reset(); }, "Restarts the period from now (and un-cancels).")
      .def("destroy", &Timer::destroy, "Ends the timer (node.destroy_timer(timer) does the same and forgets it).")
      .def_property_readonly("is_canceled", [](Timer& t) { return t.get().canceled(); })
      .def_property_readonly("period", [](Timer& t) { return to_seconds(t.get().period()); })
      .def_property_readonly("fired", [](Timer& t) { return t.get().fired(); })
      .def_property_readonly("destroyed", [](Timer& t) { return !t.t; });

  pyb::class_<NodeHandle>(m, "_Node", "The C++ node behind dmxp.Node (use dmxp.Node).")
      .def(pyb::init(&make_node), pyb::arg("name"), pyb::arg("namespace") = "/",
           pyb::arg("domain") = pyb::none(), pyb::arg("arguments") = std::vector<std::string>{},
           pyb::arg("parameter_overrides") = pyb::none(), pyb::arg("use_global_arguments") = true,
           pyb::arg("start_parameter_services") = true, pyb::arg("enable_graph") = true,
           pyb::arg("log_level") = pyb::none())
      .def_property_readonly("name", [](NodeHandle& n) { return n.get().get_name(); })
      .def_property_readonly("namespace", [](NodeHandle& n) { return n.get().get_namespace(); })
      .def_property_readonly("fully_qualified_name", [](NodeHandle& n) { return n.get().get_fully_qualified_name(); })
      .def_property_readonly("domain", [](NodeHandle& n) { return n.get().domain(); })
      .def("resolve_topic_name", [](NodeHandle& n, const std::string& t) { return unwrap(n.get().resolve_topic_name(t)); })
      .def("create_timer", [](NodeHandle& n, double p, pyb::function f) { return create_timer(n, p, std::move(f), false); },
           pyb::arg("period"), pyb::arg("callback"), "Steady-clock timer: callback() every period seconds.")
      .def("create_wall_timer", [](NodeHandle& n, double p, pyb::function f) { return create_timer(n, p, std::move(f), true); },
           pyb::arg("period"), pyb::arg("callback"))
      .def("declare_parameter", &declare_parameter, pyb::arg("name"), pyb::arg("default_value"),
           pyb::arg("description") = "", pyb::arg("read_only") = false, pyb::arg("dynamic_typing") = false,
           "Declares a parameter; returns its effective value (a -p override or launch file wins).")
      .def("get_parameter", [](NodeHandle& n, const std::string& name) {
             return from_parameter(unwrap(n.get().get_parameter_value(name)));
           }, pyb::arg("name"))
      .def("has_parameter", [](NodeHandle& n, const std::string& name) { return n.get().has_parameter(name); })
      .def("set_parameters", &set_parameters, pyb::arg("values"),
           "Sets several parameters atomically (all or none); returns a SetParametersResult.")
      .def("list_parameters", [](NodeHandle& n) {
        pyb::dict d;
        for (const auto& p : n.get().list_parameters()) d[pyb::str(p.name)] = from_parameter(p.value);
        return d;
      })
      .def("add_on_set_parameters_callback", &add_validator, pyb::arg("callback"),
           "callback(dict of proposed values) -> bool or (bool, reason); returns an id.")
      .def("remove_on_set_parameters_callback",
           [](NodeHandle& n, uint64_t id) { n.get().remove_on_set_parameters_callback(id); })
      .def("log", [](NodeHandle& n, const std::string& level, const std::string& text) {
             log(n, spdlog::level::from_str(level), text);
           }, pyb::arg("level"), pyb::arg("text"), "Logs through the node's logger (level: debug, info, warn, error).")
      .def("destroy", [](NodeHandle& n) {
        pyb::gil_scoped_release unlocked;
        n.node.reset();
      });
}

}  // namespace dmxp::py
