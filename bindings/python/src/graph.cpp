// dmxp.graph(): a snapshot of the domain's graph registry (nodes and their endpoints, C++
// and Python alike), as `dmxp node list` / `topic list` would show it.
#include <optional>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "errors.hpp"
#include "dmxp/rt/graph.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

pyb::dict snapshot(std::optional<std::string> domain) {
  std::string resolved = unwrap(dmxp::resolve_domain(domain.value_or("")));
  auto registry = unwrap(rt::GraphRegistry::open(resolved));
  rt::GraphSnapshot s = registry->snapshot();
  pyb::list nodes, endpoints;
  for (const auto& n : s.nodes) {
    pyb::dict d;
    d["namespace"] = n.ns;
    d["name"] = n.name;
    d["full_name"] = n.full_name;
    d["pid"] = n.pid;
    d["start_ns"] = n.start_ns;
    d["heartbeat_ns"] = n.heartbeat_ns;
    nodes.append(d);
  }
  for (const auto& e : s.endpoints) {
    pyb::dict d;
    d["kind"] = rt::to_string(e.kind);
    d["name"] = e.name;
    d["type_name"] = e.type_name;
    d["type_fingerprint"] = e.type_fingerprint;
    d["qos"] = rt::to_string(e.qos);
    d["node"] = e.node;
    d["pid"] = e.pid;
    endpoints.append(d);
  }
  pyb::dict out;
  out["generation"] = s.generation;
  out["nodes"] = nodes;
  out["endpoints"] = endpoints;
  return out;
}

}  // namespace

void bind_graph(pyb::module_& m) {
  m.def("graph", &snapshot, pyb::arg("domain") = pyb::none(),
        "The domain's graph registry: {'nodes': [...], 'endpoints': [...]} with every live "
        "node (C++ or Python) and its publishers, subscriptions, services and clients.");
}

}  // namespace dmxp::py
