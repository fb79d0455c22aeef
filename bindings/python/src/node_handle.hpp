// node_handle.hpp - the C++ node behind dmxp.Node, shared by the node, topic, service and
// executor bindings.
#pragma once

#include <memory>

#include <pybind11/pybind11.h>

#include "dmxp/rt/node.hpp"
#include "errors.hpp"

namespace dmxp::py {

struct NodeHandle {
  std::shared_ptr<rt::Node> node;
  explicit NodeHandle(std::shared_ptr<rt::Node> n) : node(std::move(n)) {}
  NodeHandle(NodeHandle&&) = default;
  ~NodeHandle() {
    if (!node) return;
    pybind11::gil_scoped_release unlocked;  // its entities may be running Python callbacks
    node.reset();
  }
  rt::Node& get() const {
    if (!node) raise(DMXP_ERR_INVALID_ARGUMENT, "the node was destroyed");
    return *node;
  }
};

}  // namespace dmxp::py
