#include "qos_events.hpp"

#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "rt_support.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

// fn(args...) for an event callback; the callable is kept GIL-safe (PyCallable) because the
// endpoint, and so the std::function, may be destroyed on an executor thread.
template <class Event, class Args>
std::function<void(const Event&)> event_callback(const pyb::dict& callbacks, const char* name, Args args) {
  if (!callbacks.contains(name)) return {};
  auto fn = std::make_shared<PyCallable>(pyb::object(callbacks[name]));
  return [fn, args](const Event& e) {
    CallbackGil gil;
    try {
      std::apply([&](auto&&... a) { fn->get()(a...); }, args(e));
    } catch (pyb::error_already_set& err) {
      report_callback_error(err);
    }
  };
}

auto deadline_args = [](const rt::DeadlineMissed& e) { return std::make_tuple(e.total_count, e.count_change); };
auto incompatible_args = [](const rt::IncompatibleQoS& e) {
  return std::make_tuple(e.total_count, e.topic, e.policy, e.reason, e.other_node);
};

}  // namespace

rt::SubscriptionEvents subscription_events(const pyb::dict& callbacks) {
  rt::SubscriptionEvents ev;
  ev.deadline_missed = event_callback<rt::DeadlineMissed>(callbacks, "deadline", deadline_args);
  ev.liveliness_changed = event_callback<rt::LivelinessChanged>(callbacks, "liveliness", [](const rt::LivelinessChanged& e) {
    return std::make_tuple(e.alive_count, e.not_alive_count, e.alive_count_change, e.not_alive_count_change);
  });
  ev.message_lost = event_callback<rt::MessageLost>(callbacks, "message_lost", [](const rt::MessageLost& e) {
    return std::make_tuple(e.total_count, e.count_change, e.overrun_count);
  });
  ev.incompatible_qos = event_callback<rt::IncompatibleQoS>(callbacks, "incompatible_qos", incompatible_args);
  return ev;
}

rt::PublisherEvents publisher_events(const pyb::dict& callbacks) {
  rt::PublisherEvents ev;
  ev.deadline_missed = event_callback<rt::DeadlineMissed>(callbacks, "deadline", deadline_args);
  ev.incompatible_qos = event_callback<rt::IncompatibleQoS>(callbacks, "incompatible_qos", incompatible_args);
  return ev;
}

}  // namespace dmxp::py
