// dmxp.Executor: runs the callbacks of nodes with the GIL released while it waits; Python
// callbacks take the GIL. SIGINT/SIGTERM end spin() (as in C++ nodes), and so does an
// exception raised by a callback, which spin() then raises.
#include <optional>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "node_handle.hpp"
#include "rt_support.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

struct Executor {
  std::unique_ptr<rt::Executor> e;
  Executor(std::unique_ptr<rt::Executor> x) : e(std::move(x)) {}
  Executor(Executor&&) = default;
  ~Executor() {
    pyb::gil_scoped_release unlocked;
    e.reset();
  }
};

// spin in seconds, as Consumer(spin=...); None keeps the waitset's default.
Executor make_executor(unsigned threads, bool busy_poll, bool handle_signals,
                       std::optional<double> spin) {
  rt::ExecutorOptions o;
  o.threads = threads;
  o.busy_poll = busy_poll;
  o.handle_signals = handle_signals;
  if (spin) {
    if (!(*spin >= 0))  // NaN too
      throw pyb::value_error("Executor spin must be >= 0 seconds (got " +
                             std::string(pyb::str(pyb::float_(*spin))) +
                             "); busy_poll=True polls without sleeping");
    o.spin = std::chrono::nanoseconds(int64_t(*spin * 1e9));
  }
  try {
    return Executor{std::make_unique<rt::Executor>(o)};
  } catch (const dmxp::Error& err) {
    raise_error(err);
  }
}

void spin(Executor& self, std::optional<double> duration) {
  register_spinning(self.e.get());
  try {
    pyb::gil_scoped_release unlocked;
    if (duration) self.e->spin_for(std::chrono::nanoseconds(int64_t(*duration * 1e9)));
    else self.e->spin();
  } catch (const dmxp::Error& err) {
    unregister_spinning(self.e.get());
    raise_error(err);
  }
  unregister_spinning(self.e.get());
  raise_callback_error();
}

}  // namespace

void bind_executor(pyb::module_& m) {
  pyb::class_<Executor>(m, "_Executor", "The C++ executor behind dmxp.Executor.")
      .def(pyb::init(&make_executor), pyb::arg("threads") = 1, pyb::arg("busy_poll") = false,
           pyb::arg("handle_signals") = true, pyb::arg("spin") = pyb::none())
      .def("add_node", [](Executor& x, NodeHandle& n) {
        try {
          x.e->add_node(n.node);
        } catch (const dmxp::Error& err) {
          raise_error(err);
        }
      })
      .def("remove_node", [](Executor& x, NodeHandle& n) {
        pyb::gil_scoped_release unlocked;
        x.e->remove_node(n.get());
      })
      .def("spin", &spin, pyb::arg("duration") = pyb::none())
      .def("cancel", [](Executor& x) { x.e->cancel(); });
  m.def("ok", &rt::ok, "False once SIGINT/SIGTERM reached a spinning executor, or shutdown() ran.");
  m.def("shutdown", [] { rt::shutdown(); }, "Makes ok() False and ends every spin.");
}

}  // namespace dmxp::py
