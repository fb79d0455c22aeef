// Services and clients of nodes: request and response types are generated message classes;
// the handler reads the request and writes the response in place, in their slots.
#include <chrono>
#include <cstring>
#include <optional>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "loan_plan.hpp"
#include "node_handle.hpp"
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
  Client(std::shared_ptr<rt::ClientBase> x, pyb::object t, uint32_t rq, uint32_t rs)
      : c(std::move(x)), response_type(std::move(t)), request_size(rq), response_size(rs) {}
  Client(Client&&) = default;  // the moved-from one must not detach
  ~Client() { detach_released(c); }
};

Service create_service(NodeHandle& n, pyb::object req, pyb::object res, const std::string& name,
                       pyb::function handler, uint32_t queue_depth) {
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
  return Service{unwrap(rt::ServiceBase::create(n.get().core(), name, types, std::move(h), o))};
}

Client create_client(NodeHandle& n, pyb::object req, pyb::object res, const std::string& name) {
  rt::ServiceTypes types = service_types(req, res);
  auto base = unwrap(rt::ClientBase::create(n.get().core(), name, types, {}));
  return Client{std::move(base), std::move(res), types.request.size, types.response.size};
}

pyb::object call(Client& self, const pyb::buffer& request, std::optional<double> timeout) {
  pyb::buffer_info b = request.request();
  size_t size = size_t(b.size) * size_t(b.itemsize);
  if (size != self.request_size)
    raise(DMXP_ERR_INVALID_ARGUMENT, "call of '" + alive(self.c, "client").name() + "': the request has " + std::to_string(size) +
                                         " bytes, its type has " + std::to_string(self.request_size));
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

}  // namespace

void bind_services(pyb::module_& m) {
  pyb::class_<Service>(m, "Service", "Serves requests: handler(request, response) fills the response in place.")
      .def("destroy", [](Service& s) { detach_released(s.s); },
           "Ends the service (node.destroy_service(srv) does the same and forgets it).")
      .def_property_readonly("destroyed", [](Service& s) { return !s.s; })
      .def_property_readonly("service_name", [](Service& s) { return alive(s.s, "service").name(); })
      .def_property_readonly("handled", [](Service& s) { return alive(s.s, "service").handled(); });

  pyb::class_<Client>(m, "Client", "Calls a service (node.create_client).")
      .def("call", &call, pyb::arg("request"), pyb::arg("timeout") = pyb::none(),
           "Sends request (a value of the request type) and returns the response (a copy); "
           "timeout in seconds (None: 1 s). Raises dmxp.NotFoundError when no server is "
           "alive, dmxp.TimeoutError, dmxp.UnsupportedError when the handler raised.")
      .def("wait_for_service", [](Client& c, double timeout) {
             pyb::gil_scoped_release unlocked;
             return alive(c.c, "client").wait_for_service(int64_t(timeout * 1e9));
           }, pyb::arg("timeout"))
      .def("service_is_ready", [](Client& c) { return alive(c.c, "client").service_is_ready(); })
      .def("destroy", [](Client& c) { detach_released(c.c); },
           "Ends the client (node.destroy_client(client) does the same and forgets it).")
      .def_property_readonly("destroyed", [](Client& c) { return !c.c; })
      .def_property_readonly("service_name", [](Client& c) { return alive(c.c, "client").name(); });

  m.def("_create_service", &create_service, pyb::arg("node"), pyb::arg("request_type"), pyb::arg("response_type"),
        pyb::arg("name"), pyb::arg("handler"), pyb::arg("queue_depth") = 16);
  m.def("_create_client", &create_client, pyb::arg("node"), pyb::arg("request_type"), pyb::arg("response_type"),
        pyb::arg("name"));
}

}  // namespace dmxp::py
