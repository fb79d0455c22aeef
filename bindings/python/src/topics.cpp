// Publishers and subscriptions of nodes, typed by generated message classes: the topic's
// channel carries the type's fingerprint and descriptor, so C++ and Python endpoints of one
// topic check each other's type, and register in the graph like any C++ node's.
#include <cstring>
#include <optional>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "blocking.hpp"
#include "node_handle.hpp"
#include "rt_support.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

struct Publisher {
  std::shared_ptr<rt::PublisherBase> p;
  pyb::object msg_type;
  uint32_t size = 0;
  Publisher(std::shared_ptr<rt::PublisherBase> b, pyb::object t, uint32_t n)
      : p(std::move(b)), msg_type(std::move(t)), size(n) {}
  Publisher(Publisher&&) = default;  // the moved-from one must not detach
  ~Publisher() {
    if (!p) return;
    pyb::gil_scoped_release unlocked;
    p->detach();
  }
};

Publisher create_publisher(NodeHandle& n, pyb::object msg_type, const std::string& topic, const rt::QoS& qos) {
  rt::TypeInfo type = type_info(msg_type);
  auto base = unwrap(rt::PublisherBase::create(n.get().core(), topic, type, qos, {}));
  return Publisher{std::move(base), std::move(msg_type), type.size};
}

uint64_t publish(Publisher& self, const pyb::buffer& msg) {
  pyb::buffer_info b = msg.request();
  size_t size = size_t(b.size) * size_t(b.itemsize);
  if (size != self.size)
    raise(DMXP_ERR_INVALID_ARGUMENT, "publish on '" + self.p->topic() + "': the message has " + std::to_string(size) +
                                         " bytes, its type " + self.msg_type.attr("TYPE_NAME").cast<std::string>() +
                                         " has " + std::to_string(self.size) + " (use " +
                                         self.msg_type.attr("__name__").cast<std::string>() + ".zeros())");
  uint64_t key = 0;
  int rc;
  {
    pyb::gil_scoped_release unlocked;  // a reliable topic may wait up to max_blocking for room
    rc = dmxp_producer_send(self.p->producer(), b.ptr, size, self.p->loan_timeout_ns(), &key);
  }
  check(rc);
  self.p->note_published();
  return key;
}

// A message under construction in a slot: `with pub.loan() as msg:` (a writable typed view,
// zeroed), published when the block ends, aborted on an exception.
struct PublisherLoan {
  std::shared_ptr<rt::PublisherBase> p;
  pyb::object msg_type;
  void* slot = nullptr;
  uint32_t size = 0;
  bool open = true;
  ~PublisherLoan() {
    if (open && p) dmxp_producer_abort(p->producer());
  }
};

std::unique_ptr<PublisherLoan> loan(Publisher& self) {
  void* slot = nullptr;
  int rc;
  {
    pyb::gil_scoped_release unlocked;
    rc = dmxp_producer_loan(self.p->producer(), self.size, &slot, self.p->loan_timeout_ns());
  }
  check(rc);
  std::memset(slot, 0, self.size);
  auto l = std::make_unique<PublisherLoan>();
  l->p = self.p;
  l->msg_type = self.msg_type;
  l->slot = slot;
  l->size = self.size;
  return l;
}

uint64_t loan_publish(PublisherLoan& l) {
  if (!l.open) raise(DMXP_ERR_INVALID_ARGUMENT, "the loan was already published or aborted");
  l.open = false;
  uint64_t key = 0;
  check(dmxp_producer_commit(l.p->producer(), l.size, &key));
  l.p->note_published();
  return key;
}

class PySubscription final : public rt::SubscriptionBase {
 public:
  PySubscription(Setup setup, pyb::object msg_type, pyb::object callback, bool with_info)
      : SubscriptionBase(std::move(setup)),
        msg_type_(std::make_shared<PyCallable>(std::move(msg_type))),
        callback_(std::make_shared<PyCallable>(std::move(callback))),
        with_info_(with_info) {}

 protected:
  void deliver(const dmxp_message& m) override {
    CallbackGil gil;
    try {
      // The view is valid during the callback (the slot is released after it returns);
      // `owner` keeps the mapping alive should Python keep it longer.
      SlotView slot{const_cast<void*>(m.data), m.size, false, shared_from_this()};
      pyb::object view = typed_view(msg_type_->get(), std::move(slot));
      if (with_info_) {
        rt::MessageInfo info{m.key, m.timestamp_ns, m.producer_pid};
        callback_->get()(view, info);
      } else {
        callback_->get()(view);
      }
    } catch (pyb::error_already_set& e) {
      report_callback_error(e);
    }
  }

 private:
  std::shared_ptr<PyCallable> msg_type_, callback_;
  bool with_info_;
};

struct Subscription {
  std::shared_ptr<PySubscription> s;
  explicit Subscription(std::shared_ptr<PySubscription> x) : s(std::move(x)) {}
  Subscription(Subscription&&) = default;  // the moved-from one must not detach
  ~Subscription() {
    if (!s) return;
    pyb::gil_scoped_release unlocked;  // a running callback may be waiting for the GIL
    s->detach();
  }
};

Subscription create_subscription(NodeHandle& n, pyb::object msg_type, const std::string& topic,
                                 pyb::object callback, const rt::QoS& qos, bool with_info) {
  rt::TypeInfo type = type_info(msg_type);
  return Subscription{unwrap(rt::SubscriptionBase::create<PySubscription>(
      n.get().core(), topic, type, qos, {}, std::move(msg_type), std::move(callback), with_info))};
}

pyb::buffer_info slot_buffer(SlotView& v) {
  return pyb::buffer_info(v.data, 1, pyb::format_descriptor<uint8_t>::format(), 1, {ssize_t(v.size)}, {1},
                          !v.writable);
}

}  // namespace

void bind_topics(pyb::module_& m) {
  pyb::class_<SlotView>(m, "SlotView", pyb::buffer_protocol(),
                        "A buffer over slot memory given to a callback (valid while the callback runs).")
      .def_buffer(&slot_buffer)
      .def_property_readonly("address", [](SlotView& v) { return reinterpret_cast<uintptr_t>(v.data); });

  pyb::class_<rt::MessageInfo>(m, "MessageInfo", "Metadata of a message given to a subscription callback.")
      .def_readonly("key", &rt::MessageInfo::key)
      .def_readonly("source_timestamp_ns", &rt::MessageInfo::source_timestamp_ns)
      .def_readonly("publisher_pid", &rt::MessageInfo::publisher_pid);

  pyb::class_<Publisher>(m, "Publisher", "Publishes messages of one type on a topic (node.create_publisher).")
      .def("publish", &publish, pyb::arg("msg"),
           "Copies msg (a value of the type's DTYPE, e.g. from Type.zeros(), or bytes of its size) "
           "into a slot; returns the key.")
      .def("loan", &loan, "A zeroed message in a slot: `with pub.loan() as msg:` publishes at the end.")
      .def_property_readonly("topic_name", [](Publisher& p) { return p.p->topic(); })
      .def_property_readonly("subscription_count", [](Publisher& p) { return p.p->subscription_count(); })
      .def_readonly("msg_type", &Publisher::msg_type);

  pyb::class_<PublisherLoan>(m, "PublisherLoan")
      .def("__enter__", [](PublisherLoan& l) {
        SlotView slot{l.slot, l.size, true, l.p};
        return typed_view(l.msg_type, std::move(slot));
      })
      .def("__exit__", [](PublisherLoan& l, pyb::object type, pyb::object, pyb::object) {
        if (!l.open) return;
        if (type.is_none()) {
          loan_publish(l);
        } else {
          l.open = false;
          dmxp_producer_abort(l.p->producer());
        }
      })
      .def("publish", &loan_publish);

  pyb::class_<Subscription>(m, "Subscription", "Calls a callback for each message of a topic (node.create_subscription).")
      .def_property_readonly("topic_name", [](Subscription& s) { return s.s->topic(); })
      .def_property_readonly("received", [](Subscription& s) { return s.s->received(); })
      .def_property_readonly("lost", [](Subscription& s) { return s.s->lost(); })
      .def_property_readonly("publisher_count", [](Subscription& s) { return s.s->publisher_count(); });

  m.def("_create_publisher", &create_publisher, pyb::arg("node"), pyb::arg("msg_type"), pyb::arg("topic"),
        pyb::arg("qos"));
  m.def("_create_subscription", &create_subscription, pyb::arg("node"), pyb::arg("msg_type"), pyb::arg("topic"),
        pyb::arg("callback"), pyb::arg("qos"), pyb::arg("with_info"));
}

}  // namespace dmxp::py
