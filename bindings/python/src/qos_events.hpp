// qos_events.hpp - the runtime's QoS events (dmxp/rt/events.hpp) handed to Python callbacks:
// dmxp/qos_event.py turns rclpy-style SubscriptionEventCallbacks / PublisherEventCallbacks
// into a dict {event name: callable(numbers...)}, and these make the runtime's callbacks
// from it. They run on the node's executor (or in take(), for message_lost of a pull
// subscription) with the GIL taken as other callbacks take it; an exception is reported like
// a callback's (spin() raises it).
#pragma once

#include <pybind11/pybind11.h>

#include "dmxp/rt/events.hpp"

namespace dmxp::py {

// Keys: deadline, liveliness, message_lost, incompatible_qos.
rt::SubscriptionEvents subscription_events(const pybind11::dict& callbacks);
// Keys: deadline, incompatible_qos.
rt::PublisherEvents publisher_events(const pybind11::dict& callbacks);

}  // namespace dmxp::py
