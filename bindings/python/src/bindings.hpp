// bindings.hpp - one function per group of Python classes, called by module.cpp.
#pragma once

#include <pybind11/pybind11.h>

namespace dmxp::py {

void bind_producer(pybind11::module_& m);
void bind_consumer(pybind11::module_& m);
void bind_admin(pybind11::module_& m);
void bind_node(pybind11::module_& m);
void bind_topics(pybind11::module_& m);
void bind_services(pybind11::module_& m);
void bind_executor(pybind11::module_& m);
void bind_graph(pybind11::module_& m);
void bind_lifecycle(pybind11::module_& m);
void bind_actions(pybind11::module_& m);

}  // namespace dmxp::py
