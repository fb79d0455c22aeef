// rt_support.hpp - what the node-runtime bindings share: message types from generated Python
// classes, zero-copy slot views, GIL-safe Python callables, parameter value conversion, and
// where exceptions raised by callbacks go.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <pybind11/pybind11.h>

#include "dmxp/rt/executor.hpp"
#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/node.hpp"
#include "dmxp/rt/parameter.hpp"
#include "errors.hpp"

namespace dmxp::py {

// The runtime's view of a generated message class (TYPE_NAME, FINGERPRINT, DESCRIPTOR,
// DTYPE); its strings live for the whole process (interned: few types per process).
rt::TypeInfo type_info(const pybind11::handle& msg_type);

// A buffer over slot memory handed to Python (a subscription's message, a service's request
// or response). `owner` keeps the mapping alive as long as any view of it exists.
struct SlotView {
  void* data = nullptr;
  size_t size = 0;
  bool writable = false;
  std::shared_ptr<const void> owner;
};
// msg_type.view(slot) (a 0-d numpy structured array over the slot), or a memoryview when
// msg_type is None.
pybind11::object typed_view(const pybind11::handle& msg_type, SlotView slot);

// The GIL for running a Python callback from an executor thread. Unlike
// pybind11::gil_scoped_acquire, it keeps the Python thread state it creates for a thread that
// has none (an executor's waiter or io thread) until that thread exits: creating and clearing
// a thread state per callback costs an allocation and, in CPython 3.11, an mmap/munmap of its
// frame stack, more than the rest of a message's hand-off (bench/python/RESULTS.md).
class CallbackGil {
 public:
  CallbackGil();
  ~CallbackGil();
  CallbackGil(const CallbackGil&) = delete;
  CallbackGil& operator=(const CallbackGil&) = delete;

 private:
  PyThreadState* taken_ = nullptr;  // null: this thread held the GIL already
};

// A Python callable held from C++: may be destroyed from any thread (takes the GIL, and does
// nothing once the interpreter is finalizing).
class PyCallable {
 public:
  explicit PyCallable(pybind11::object f) : f_(new pybind11::object(std::move(f))) {}
  ~PyCallable();
  PyCallable(const PyCallable&) = delete;
  PyCallable& operator=(const PyCallable&) = delete;
  const pybind11::object& get() const { return *f_; }

 private:
  pybind11::object* f_;
};

// Entity handles (publisher, subscription, timer, service, client): the entity, or
// InvalidArgumentError "the <what> was destroyed" once destroy() ran.
template <class E>
E& alive(const std::shared_ptr<E>& e, const char* what) {
  if (!e) raise(DMXP_ERR_INVALID_ARGUMENT, std::string("the ") + what + " was destroyed");
  return *e;
}
// destroy(): detaches the entity (no callback starts afterwards; a running one finishes first)
// and lets go of it. Without the GIL: a running callback may be waiting for it.
template <class E>
void detach_released(std::shared_ptr<E>& e) {
  if (!e) return;
  pybind11::gil_scoped_release unlocked;
  e->detach();
  e.reset();
}

// An exception raised by a callback run from an executor: kept, the spinning executors are
// cancelled, and spin() raises it in the spinning thread.
void report_callback_error(pybind11::error_already_set& e);
// Registered while an executor spins (so that an error can cancel it).
void register_spinning(rt::Executor* e);
void unregister_spinning(rt::Executor* e);
// Raises the kept error, if any (and forgets it).
void raise_callback_error();

rt::ParameterValue to_parameter(const pybind11::handle& value);
pybind11::object from_parameter(const rt::ParameterValue& value);

}  // namespace dmxp::py
