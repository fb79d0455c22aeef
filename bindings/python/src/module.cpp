// dmxp._dmxp: the compiled part of the dmxp package (see dmxp/__init__.py for the API).
#include "bindings.hpp"

PYBIND11_MODULE(_dmxp, m) {
  m.doc() = "DMXP shared-memory channels and nodes (the compiled core of the dmxp package).";
  dmxp::py::bind_producer(m);
  dmxp::py::bind_consumer(m);
  dmxp::py::bind_admin(m);
  dmxp::py::bind_node(m);
  dmxp::py::bind_topics(m);
  dmxp::py::bind_services(m);
  dmxp::py::bind_executor(m);
  dmxp::py::bind_graph(m);
  dmxp::py::bind_lifecycle(m);
  dmxp::py::bind_actions(m);
}
