// The lifecycle of a managed Python node (dmxp/_lifecycle.py builds dmxp.LifecycleNode on it):
// the runtime's LifecycleCore, the same state machine, services and transition events as a
// C++ LifecycleNode, calling back into Python for on_configure and the rest.
#include <pybind11/stl.h>

#include <stdexcept>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "bindings.hpp"
#include "dmxp/rt/lifecycle_core.hpp"
#include "node_handle.hpp"
#include "rt_support.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

using rt::lifecycle::CallbackReturn;
using StateTuple = std::tuple<int, std::string>;
// (id, label, start id, start label, goal id, goal label), as rclpy's state machine lists them
using TransitionTuple = std::tuple<int, std::string, int, std::string, int, std::string>;

StateTuple to_tuple(const rt::lifecycle::State& s) { return {s.id(), std::string(s.label())}; }

TransitionTuple to_tuple(const rt::lifecycle::Transition& t) {
  return {t.id, std::string(t.label), t.start.id(), std::string(t.start.label()), t.goal.id(),
          std::string(t.goal.label())};
}

template <class Tuple, class Items>
std::vector<Tuple> to_tuples(const Items& items) {
  std::vector<Tuple> out;
  for (const auto& i : items) out.push_back(to_tuple(i));
  return out;
}

struct Lifecycle {
  std::shared_ptr<rt::LifecycleCore> core;
  explicit Lifecycle(std::shared_ptr<rt::LifecycleCore> c) : core(std::move(c)) {}
  Lifecycle(Lifecycle&&) = default;
  ~Lifecycle() {
    if (!core) return;
    pyb::gil_scoped_release unlocked;  // a request being answered may be waiting for the GIL
    core.reset();
  }
};

// run(transition_state_id, previous_state_id, previous_state_label) -> int: the Python
// dispatcher. Its exception (or a value that is no TransitionCallbackReturn) reaches the
// runtime as an exception: the transition counts it as ERROR and logs the text.
Lifecycle create(NodeHandle& n, pyb::function run, bool enable_communication_interface) {
  auto callable = std::make_shared<PyCallable>(std::move(run));
  rt::LifecycleCore::Callback cb = [callable](const rt::lifecycle::State& ts, const rt::lifecycle::State& prev) {
    pyb::gil_scoped_acquire gil;
    int r;
    try {
      r = callable->get()(ts.id(), prev.id(), std::string(prev.label())).cast<int>();
    } catch (pyb::error_already_set& e) {
      throw std::runtime_error(e.what());
    } catch (const pyb::cast_error&) {
      throw std::runtime_error("the callback did not return a dmxp.TransitionCallbackReturn");
    }
    if (r != int(CallbackReturn::SUCCESS) && r != int(CallbackReturn::FAILURE) && r != int(CallbackReturn::ERROR))
      throw std::runtime_error("the callback returned " + std::to_string(r) +
                               ", expected a dmxp.TransitionCallbackReturn (97, 98 or 99)");
    return CallbackReturn(r);
  };
  return Lifecycle{unwrap(rt::LifecycleCore::create(n.get().core(), std::move(cb), enable_communication_interface))};
}

int change_state(Lifecycle& l, const std::variant<int, std::string>& transition) {
  if (const int* id = std::get_if<int>(&transition); id && (*id < 0 || *id > 255))
    raise(DMXP_ERR_INVALID_ARGUMENT, "transition id " + std::to_string(*id) + " is not a uint8");
  Result<CallbackReturn> r = [&] {
    pyb::gil_scoped_release unlocked;  // the callbacks take it back
    if (const int* id = std::get_if<int>(&transition)) return l.core->change_state(uint8_t(*id));
    return l.core->change_state(std::get<std::string>(transition));
  }();
  return int(unwrap(std::move(r)));
}

}  // namespace

void bind_lifecycle(pyb::module_& m) {
  pyb::class_<rt::ManagedEntitySwitch, std::shared_ptr<rt::ManagedEntitySwitch>>(
      m, "_ManagedEntitySwitch", "On while the managed node is active (a lifecycle publisher reads it).")
      .def_property_readonly("is_activated", &rt::ManagedEntitySwitch::is_activated)
      .def("on_activate", &rt::ManagedEntitySwitch::on_activate)
      .def("on_deactivate", &rt::ManagedEntitySwitch::on_deactivate)
      .def("first_drop", &rt::ManagedEntitySwitch::first_drop,
           "Notes a dropped message: True for the first one since the last activation.");

  pyb::class_<Lifecycle>(m, "_Lifecycle", "The lifecycle state machine of a node (dmxp.LifecycleNode).")
      .def_property_readonly("current_state", [](Lifecycle& l) { return to_tuple(l.core->current_state()); })
      .def_property_readonly("available_transitions",
                             [](Lifecycle& l) { return to_tuples<TransitionTuple>(l.core->available_transitions()); })
      .def("change_state", &change_state, pyb::arg("transition"),
           "Runs a transition (id or label) from the current state; returns the callback's value. "
           "Raises dmxp.InvalidArgumentError when none such leaves the state, dmxp.BusyError from a callback.")
      .def("add_managed_entity", [](Lifecycle& l) { return l.core->add_managed_entity(); })
      .def("stop_services", [](Lifecycle& l) {
        pyb::gil_scoped_release unlocked;
        l.core->stop_services();
      });

  m.def("_create_lifecycle", &create, pyb::arg("node"), pyb::arg("run"),
        pyb::arg("enable_communication_interface") = true);
  m.def("_lifecycle_states", [] { return to_tuples<StateTuple>(rt::lifecycle::states()); });
  m.def("_lifecycle_transition_graph", [] { return to_tuples<TransitionTuple>(rt::lifecycle::transition_graph()); });
}

}  // namespace dmxp::py
