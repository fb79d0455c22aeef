// Services and clients of nodes: request and response types are generated message classes;
// the handler reads the request and writes the response in place, in their slots.
#include <chrono>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "loan_plan.hpp"
#include "node_handle.hpp"
#include "ready_notifier.hpp"
#include "rt_support.hpp"
#include "timeouts.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

rt::ServiceTypes service_types(const pyb::handle& req, const pyb::handle& res) {
  rt::TypeInfo rq = type_info(req), rs = type_info(res);
  return {rq, rs, rt::service_fingerprint(rq.fingerprint, true),
          rt::service_fingerprint(rs.fingerprint, false)};
}

// Handles; the node (dmxp/_node.py) keeps them too: destroy() or node.destroy_service() /
// destroy_client() ends one, dropping the last reference does as well.
struct Service {
  std::shared_ptr<rt::ServiceBase> s;
  explicit Service(std::shared_ptr<rt::ServiceBase> x) : s(std::move(x)) {}
  Service(Service&&) = default;  // the moved-from one must not detach
  ~Service() { detach_released(s); }
};

struct Client {
  std::shared_ptr<rt::ClientBase> c;
  pyb::object response_type;
  uint32_t request_size = 0, response_size = 0;
  // Made by the first await of a call_async future when no executor has the client's node:
  // the asyncio loop then drains the async responses itself (dmxp/_aio.py, ClientDriver).
  std::unique_ptr<ReadyNotifier> notifier;
  Client(std::shared_ptr<rt::ClientBase> x, pyb::object t, uint32_t rq, uint32_t rs)
      : c(std::move(x)), response_type(std::move(t)), request_size(rq), response_size(rs) {}
  Client(Client&&) = default;  // the moved-from one must not detach
  ~Client() { destroy(); }
  void destroy() {
    if (notifier) {  // it watches the client's consumer: stopped first
      pyb::gil_scoped_release unlocked;
      notifier.reset();
    }
    detach_released(c);  // calls in flight fail with InterruptedError (AsyncCall below)
  }
  rt::ClientBase& get() const { return alive(c, "client"); }
  void disarm() {
    if (!notifier) return;
    pyb::gil_scoped_release unlocked;
    notifier->disarm();
  }
};

// One call_async in flight: done(response, status, text) is called exactly once, with the
// response (a copy) or the error; if the runtime drops the call without an answer (the
// client destroyed), the destructor reports that instead.
class AsyncCall {
 public:
  AsyncCall(pyb::object done, pyb::object response_type, std::string service)
      : done_(std::move(done)), response_type_(std::move(response_type)), service_(std::move(service)) {}
  AsyncCall(const AsyncCall&) = delete;
  AsyncCall& operator=(const AsyncCall&) = delete;
  ~AsyncCall() {
    if (finished_ || !Py_IsInitialized() || _Py_IsFinalizing()) return;
    pyb::gil_scoped_acquire gil;
    try {
      finish(pyb::none(), DMXP_ERR_INTERRUPTED,
             "service '" + service_ + "': the client was destroyed before the call was answered");
    } catch (pyb::error_already_set& e) {
      report_callback_error(e);
    }
  }
  // On the node's executor, or the asyncio loop driving the client.
  void operator()(const void* response, const dmxp::Error* error, uint32_t response_size) {
    CallbackGil gil;
    try {
      if (error) {
        finish(pyb::none(), error->status(), error->what());
        return;
      }
      pyb::object out = response_type_.get().attr("zeros")();
      pyb::buffer_info ob = pyb::reinterpret_borrow<pyb::buffer>(out).request(true);
      std::memcpy(ob.ptr, response, response_size);
      finish(out, 0, "");
    } catch (pyb::error_already_set& e) {
      report_callback_error(e);
    }
  }

 private:
  void finish(const pyb::object& response, int status, const std::string& text) {
    finished_ = true;
    done_.get()(response, status, text);
  }
  PyCallable done_, response_type_;
  std::string service_;
  bool finished_ = false;
};

Service create_service(NodeHandle& n, pyb::object req, pyb::object res, const std::string& name,
                       pyb::function handler, uint32_t queue_depth, uint32_t response_depth) {
  rt::ServiceTypes types = service_types(req, res);
  auto response_init = std::make_shared<LoanPlan>(LoanPlan::of(res));
  auto state = std::make_shared<std::vector<std::shared_ptr<PyCallable>>>();
  state->push_back(std::make_shared<PyCallable>(std::move(req)));
  state->push_back(std::make_shared<PyCallable>(std::move(res)));
  state->push_back(std::make_shared<PyCallable>(std::move(handler)));
  uint32_t rq_size = types.request.size, rs_size = types.response.size;
  rt::ServiceBase::Handler h = [state, rq_size, rs_size, response_init](const void* rq, void* rs) {
    std::memset(rs, 0, rs_size);  // as C++ handlers get Res(): every byte zero, then the defaults
    response_init->apply_defaults(rs);
    CallbackGil gil;
    try {
      pyb::object request = typed_view((*state)[0]->get(), SlotView{const_cast<void*>(rq), rq_size, false, nullptr});
      pyb::object response = typed_view((*state)[1]->get(), SlotView{rs, rs_size, true, nullptr});
      (*state)[2]->get()(request, response);
    } catch (pyb::error_already_set& e) {
      // The runtime sends the failure (and this text) to the client.
      throw std::runtime_error(std::string(e.what()));
    }
  };
  rt::ServiceOptions o;
  o.queue_depth = queue_depth;
  o.response_depth = response_depth;
  return Service{unwrap(rt::ServiceBase::create(n.get().core(), name, types, std::move(h), o))};
}

Client create_client(NodeHandle& n, pyb::object req, pyb::object res, const std::string& name,
                     uint32_t response_depth) {
  rt::ServiceTypes types = service_types(req, res);
  rt::ClientOptions o;
  o.response_depth = response_depth;
  auto base = unwrap(rt::ClientBase::create(n.get().core(), name, types, o));
  return Client{std::move(base), std::move(res), types.request.size, types.response.size};
}

// The request's bytes, checked against the request type's size.
pyb::buffer_info request_bytes(Client& self, const pyb::buffer& request, const char* what) {
  pyb::buffer_info b = request.request();
  size_t size = size_t(b.size) * size_t(b.itemsize);
  if (size != self.request_size)
    raise(DMXP_ERR_INVALID_ARGUMENT, std::string(what) + " of '" + self.get().name() + "': the request has " +
                                         std::to_string(size) + " bytes, its type has " +
                                         std::to_string(self.request_size));
  return b;
}

pyb::object call(Client& self, const pyb::buffer& request, std::optional<double> timeout) {
  pyb::buffer_info b = request_bytes(self, request, "call");
  int64_t t = timeout ? timeout_ns(timeout) : int64_t(1'000'000'000);
  std::vector<unsigned char> response(self.response_size);
  dmxp::Status s = dmxp::Unit{};
  {
    pyb::gil_scoped_release unlocked;
    s = alive(self.c, "client").call(b.ptr, t, [&](const void* r) { std::memcpy(response.data(), r, response.size()); });
  }
  if (!s) raise_error(s.error());
  pyb::object out = self.response_type.attr("zeros")();
  pyb::buffer_info ob = pyb::reinterpret_borrow<pyb::buffer>(out).request(true);
  std::memcpy(ob.ptr, response.data(), response.size());
  return out;
}

// done(response, status, text) once (AsyncCall); timeout None: no time limit (a dead server
// still fails the call).
void call_async(Client& self, const pyb::buffer& request, std::optional<double> timeout, pyb::function done) {
  rt::ClientBase& c = self.get();
  pyb::buffer_info b = request_bytes(self, request, "call_async");
  int64_t t = timeout_ns(timeout);
  if (t == DMXP_FOREVER) t = std::numeric_limits<int64_t>::max() / 4;  // far past any monotonic now
  auto pending = std::make_shared<AsyncCall>(std::move(done), self.response_type, c.name());
  uint32_t size = self.response_size;
  pyb::gil_scoped_release unlocked;  // the response may be drained on an executor thread at once
  c.async_call(b.ptr, t, [pending, size](const void* response, const dmxp::Error* error) {
    (*pending)(response, error, size);
  });
}

uint64_t monotonic_now_ns() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch()).count());
}

}  // namespace

void bind_services(pyb::module_& m) {
  pyb::class_<Service>(m, "Service", "Serves requests: handler(request, response) fills the response in place.")
      .def("destroy", [](Service& s) { detach_released(s.s); },
           "Ends the service (node.destroy_service(srv) does the same and forgets it).")
      .def_property_readonly("destroyed", [](Service& s) { return !s.s; })
      .def_property_readonly("service_name", [](Service& s) { return alive(s.s, "service").name(); })
      .def_property_readonly("handled", [](Service& s) { return alive(s.s, "service").handled(); });

  pyb::class_<Client>(m, "Client", "Calls a service (node.create_client).", pyb::dynamic_attr())
      .def("call", &call, pyb::arg("request"), pyb::arg("timeout") = pyb::none(),
           "Sends request (a value of the request type) and returns the response (a copy); "
           "timeout in seconds (None: 1 s). Raises dmxp.NotFoundError when no server is "
           "alive, dmxp.TimeoutError, dmxp.UnsupportedError when the handler raised.")
      .def("wait_for_service", [](Client& c, double timeout) {
             pyb::gil_scoped_release unlocked;
             return alive(c.c, "client").wait_for_service(int64_t(timeout * 1e9));
           }, pyb::arg("timeout"))
      .def("service_is_ready", [](Client& c) { return alive(c.c, "client").service_is_ready(); })
      .def("call_async", [](pyb::object self, pyb::object request, pyb::object timeout) {
             return pyb::module_::import("dmxp._futures").attr("call_async")(self, request, timeout);
           }, pyb::arg("request"), pyb::arg("timeout") = 5.0,
           "Sends request without waiting; returns a dmxp.Future of the response (a copy). "
           "The node's executor completes it (dmxp.spin_until_future_complete, or a spin on "
           "any thread); `await` it in asyncio code, where the loop itself reads the "
           "response when no executor has the node. timeout in seconds (None: no limit). Its "
           "exception: dmxp.NotFoundError when no server is alive or the server went away "
           "before it answered, dmxp.TimeoutError, dmxp.UnsupportedError when the handler "
           "raised, dmxp.InterruptedError when the client was destroyed first.")
      .def("_call_async", &call_async, pyb::arg("request"), pyb::arg("timeout"), pyb::arg("done"))
      .def_property_readonly("calls_in_flight", [](Client& c) { return c.get().calls_in_flight(); },
                             "call_async calls sent and not answered yet.")
      // The asyncio driver (dmxp/_aio.py): the loop drains the async responses itself, and
      // ticks check_events for timeouts and dead servers, while no executor has the node.
      .def("_has_executor", [](Client& c) { return c.get().node().has_executor(); })
      .def("_ready_fd", [](Client& c) {
        rt::ClientBase& base = c.get();
        if (!c.notifier) c.notifier = std::make_unique<ReadyNotifier>(base.consumer());
        return c.notifier->fd();
      })
      .def("_arm", [](Client& c) { c.notifier->arm(); })
      .def("_disarm", &Client::disarm)
      .def("_clear", [](Client& c) { c.notifier->clear(); })
      .def("_drain", [](Client& c) {
        rt::ClientBase& base = c.get();
        base.set_parked(false);  // a node removed from its executor parks its entities
        return base.drain(SIZE_MAX);
      })
      .def("_check_events", [](Client& c) {
        rt::ClientBase& base = c.get();
        base.set_parked(false);
        base.check_events(monotonic_now_ns());
      })
      .def("destroy", [](pyb::object self) {
             // An asyncio loop reading its responses lets go of the notifier's fd first.
             pyb::object driver = pyb::getattr(self, "_driver", pyb::none());
             if (!driver.is_none()) driver.attr("_stop")();
             self.cast<Client&>().destroy();
           },
           "Ends the client (node.destroy_client(client) does the same and forgets it).")
      .def_property_readonly("destroyed", [](Client& c) { return !c.c; })
      .def_property_readonly("service_name", [](Client& c) { return alive(c.c, "client").name(); });

  m.def("_create_service", &create_service, pyb::arg("node"), pyb::arg("request_type"), pyb::arg("response_type"),
        pyb::arg("name"), pyb::arg("handler"), pyb::arg("queue_depth") = 16, pyb::arg("response_depth") = 16);
  m.def("_create_client", &create_client, pyb::arg("node"), pyb::arg("request_type"), pyb::arg("response_type"),
        pyb::arg("name"), pyb::arg("response_depth") = 16);
}

}  // namespace dmxp::py
