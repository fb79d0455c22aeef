// Publishers and subscriptions of nodes, typed by generated message classes: the topic's
// channel carries the type's fingerprint and descriptor, so C++ and Python endpoints of one
// topic check each other's type, and register in the graph like any C++ node's.
#include <cstring>
#include <optional>

#include <pybind11/stl.h>

#include <pybind11/numpy.h>

#include "bindings.hpp"
#include "loan_plan.hpp"
#include "node_handle.hpp"
#include "qos_events.hpp"
#include "ready_notifier.hpp"
#include "rt_support.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

// The handles below are what Python holds; the dmxp.Node that made one keeps it too
// (dmxp/_node.py), so dropping the program's reference ends nothing: node.destroy_*() or
// handle.destroy() does.
struct Publisher {
  std::shared_ptr<rt::PublisherBase> p;
  pyb::object msg_type;
  uint32_t size = 0;
  LoanPlan plan;
  ScalarFields fields;
  Publisher(std::shared_ptr<rt::PublisherBase> b, pyb::object t, uint32_t n)
      : p(std::move(b)), msg_type(std::move(t)), size(n), plan(LoanPlan::of(msg_type)),
        fields(scalar_fields_of(msg_type)) {}
  Publisher(Publisher&&) = default;  // the moved-from one must not detach
  ~Publisher() { detach_released(p); }
  rt::PublisherBase& get() const { return alive(p, "publisher"); }
  std::string type_name() const { return msg_type.attr("TYPE_NAME").cast<std::string>(); }
};

// events: {event name: callable} (qos_events.hpp), from dmxp/qos_event.py.
Publisher create_publisher(NodeHandle& n, pyb::object msg_type, const std::string& topic, const rt::QoS& qos,
                           const pyb::dict& events) {
  rt::TypeInfo type = type_info(msg_type);
  rt::PublisherOptions options;
  options.events = publisher_events(events);
  auto base = unwrap(rt::PublisherBase::create(n.get().core(), topic, type, qos, std::move(options)));
  return Publisher{std::move(base), std::move(msg_type), type.size};
}

// A slot of the publisher's channel, waited for without the GIL (a reliable topic may wait up
// to max_blocking for room).
void* loan_slot(Publisher& self) {
  rt::PublisherBase& p = self.get();
  void* slot = nullptr;
  int rc = dmxp_producer_loan(p.producer(), self.size, &slot, 0);
  if (rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT) {
    pyb::gil_scoped_release unlocked;
    rc = dmxp_producer_loan(p.producer(), self.size, &slot, p.loan_timeout_ns());
  }
  check(rc);
  return slot;
}

uint64_t commit(rt::PublisherBase& p, uint32_t size) {
  uint64_t key = 0;
  check(dmxp_producer_commit(p.producer(), size, &key));
  p.note_published();
  return key;
}

// publish(msg) copies a buffer of the type's size (a reused Type.zeros() costs no allocation:
// the buffer protocol is asked for a plain contiguous view); publish(field=value, ...) builds
// the message in the slot: loan semantics, then each top-level scalar field given.
uint64_t publish(Publisher& self, const pyb::object& msg, const pyb::kwargs& fields) {
  rt::PublisherBase& p = self.get();
  if (msg.is_none()) {
    for (auto [k, v] : fields) {  // every name checked before a slot is taken
      auto name = k.cast<std::string>();
      if (!self.fields.count(name))
        raise(DMXP_ERR_INVALID_ARGUMENT,
              "publish on '" + p.topic() + "': " + self.type_name() + " has no scalar field '" + name +
                  "' (publish(field=value) writes top-level numbers and bools; use pub.loan() for the others)");
    }
    void* slot = loan_slot(self);
    try {
      self.plan.apply(slot);
      for (auto [k, v] : fields) {
        auto name = k.cast<std::string>();
        store_scalar(slot, self.fields.at(name), name, v);
      }
    } catch (...) {
      dmxp_producer_abort(p.producer());
      throw;
    }
    return commit(p, self.size);
  }
  if (fields.size() != 0)
    raise(DMXP_ERR_INVALID_ARGUMENT, "publish on '" + p.topic() + "': give a message or fields, not both");
  Py_buffer view;
  if (PyObject_GetBuffer(msg.ptr(), &view, PyBUF_C_CONTIGUOUS) != 0) throw pyb::error_already_set();
  size_t size = size_t(view.len);
  if (size != self.size) {
    PyBuffer_Release(&view);
    raise(DMXP_ERR_INVALID_ARGUMENT, "publish on '" + p.topic() + "': the message has " + std::to_string(size) +
                                         " bytes, its type " + self.type_name() + " has " +
                                         std::to_string(self.size) + " (use " +
                                         self.msg_type.attr("__name__").cast<std::string>() + ".zeros())");
  }
  uint64_t key = 0;
  int rc = dmxp_producer_send(p.producer(), view.buf, size, 0, &key);
  if (rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT) {
    pyb::gil_scoped_release unlocked;
    rc = dmxp_producer_send(p.producer(), view.buf, size, p.loan_timeout_ns(), &key);
  }
  PyBuffer_Release(&view);
  check(rc);
  p.note_published();
  return key;
}

// A message under construction in a slot: `with pub.loan() as msg:` (a writable typed view,
// initialised as C++ T(skip_init) is), published when the block ends, aborted on an exception.
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
  void* slot = loan_slot(self);
  self.plan.apply(slot);
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
  return commit(*l.p, l.size);
}

class PySubscription final : public rt::SubscriptionBase {
 public:
  // callback None: a pull subscription (take(), `await receive()`), which executors leave alone.
  PySubscription(Setup setup, pyb::object msg_type, pyb::object callback, bool with_info)
      : SubscriptionBase(std::move(setup)),
        msg_type_(std::make_shared<PyCallable>(msg_type)),
        callback_(std::make_shared<PyCallable>(std::move(callback))),
        dtype_(std::make_shared<PyCallable>(msg_type.attr("DTYPE"))),
        with_info_(with_info),
        pull_(callback_->get().is_none()) {}

  dmxp_consumer* consumer() const override { return pull_ ? nullptr : SubscriptionBase::consumer(); }
  dmxp_consumer* own_consumer() const { return SubscriptionBase::consumer(); }
  bool pull() const { return pull_; }

  // Pull mode, with the GIL: the next message as a copy (a 0-d array of the type's dtype), or
  // None. Runs drain(1): counts, loss reports and detach checks as for callbacks.
  pyb::object take() {
    set_parked(false);  // executors park a removed node's entities; they never run this one
    drain(1);
    pyb::object out = std::move(taken_);
    taken_ = pyb::object();
    return out ? out : pyb::none();
  }

 protected:
  void deliver(const dmxp_message& m) override {
    CallbackGil gil;
    try {
      if (pull_) {
        pyb::array copy(pyb::reinterpret_borrow<pyb::dtype>(dtype_->get()), std::vector<ssize_t>{},
                        std::vector<ssize_t>{});
        std::memcpy(copy.mutable_data(), m.data, m.size);
        taken_ = std::move(copy);
        return;
      }
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
  std::shared_ptr<PyCallable> msg_type_, callback_, dtype_;
  bool with_info_;
  bool pull_;
  pyb::object taken_;  // pull mode: what deliver() copied (the GIL is held throughout)
};

struct Subscription {
  std::shared_ptr<PySubscription> s;
  std::unique_ptr<ReadyNotifier> notifier;  // pull mode, made by the first await
  bool awaiting = false;                    // a receive() coroutine waits on notifier
  explicit Subscription(std::shared_ptr<PySubscription> x) : s(std::move(x)) {}
  Subscription(Subscription&&) = default;  // the moved-from one must not detach
  ~Subscription() { destroy(); }
  void destroy() {
    if (notifier) {
      pyb::gil_scoped_release unlocked;
      notifier.reset();
    }
    detach_released(s);
  }
  PySubscription& get() const { return alive(s, "subscription"); }
  PySubscription& pulled(const char* call) const {
    PySubscription& sub = get();
    if (!sub.pull())
      raise(DMXP_ERR_INVALID_ARGUMENT, "subscription on '" + sub.topic() + "': " + call +
                                           " is for subscriptions made without a callback (this one "
                                           "delivers to its callback)");
    return sub;
  }
  void disarm() {
    if (!notifier) return;
    pyb::gil_scoped_release unlocked;
    notifier->disarm();
  }
};

Subscription create_subscription(NodeHandle& n, pyb::object msg_type, const std::string& topic,
                                 pyb::object callback, const rt::QoS& qos, bool with_info,
                                 const pyb::dict& events) {
  rt::TypeInfo type = type_info(msg_type);
  rt::SubscriptionOptions options;
  options.events = subscription_events(events);
  return Subscription{unwrap(rt::SubscriptionBase::create<PySubscription>(
      n.get().core(), topic, type, qos, std::move(options), std::move(msg_type), std::move(callback), with_info))};
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
      .def("publish", &publish, pyb::arg("msg") = pyb::none(),
           "publish(msg): copies msg (a value of the type's DTYPE, e.g. a reused Type.zeros(), or "
           "bytes of its size) into a slot. publish(field=value, ...): builds the message in its "
           "slot (as loan() does) and sets the top-level scalar fields given. Returns the key.")
      .def("loan", &loan,
           "A message in a slot, as C++ T(skip_init) makes it (scalars zero, .msg defaults set, "
           "sequence and string sizes 0, their storage untouched): `with pub.loan() as msg:` "
           "publishes at the end.")
      .def("destroy", [](Publisher& p) { detach_released(p.p); },
           "Ends the publisher (node.destroy_publisher(pub) does the same and forgets it).")
      .def("assert_liveliness", [](Publisher& p) { p.get().assert_liveliness(); },
           "QoS liveliness 'manual_by_topic': alive for one more lease (publishing does it too); "
           "nothing under 'automatic'.")
      .def_property_readonly("topic_name", [](Publisher& p) { return p.get().topic(); })
      .def_property_readonly("subscription_count", [](Publisher& p) { return p.get().subscription_count(); })
      .def_property_readonly("destroyed", [](Publisher& p) { return !p.p; })
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

  pyb::class_<Subscription>(m, "Subscription",
                            "Messages of a topic (node.create_subscription): given to its callback by an "
                            "executor, or, made without a callback, taken with take() / `await receive()`.")
      .def("destroy", &Subscription::destroy,
           "Ends the subscription: no callback starts afterwards (node.destroy_subscription(sub) "
           "does the same and forgets it).")
      .def("take", [](Subscription& s) {
             s.pulled("take()");
             s.disarm();
             pyb::object msg = s.get().take();
             if (s.awaiting) s.notifier->arm();  // a pending receive() goes on waiting
             return msg;
           }, "The next message as a copy (a 0-d array of the type's DTYPE), or None at once.")
      .def("_take", [](Subscription& s) {
        s.pulled("receive()");
        s.disarm();
        return s.get().take();
      })
      .def("receive", [](pyb::object self) { return pyb::module_::import("dmxp._aio").attr("receive")(self); },
           "`await sub.receive()`: the next message (a copy), waiting on the running asyncio loop "
           "(no thread of the program's own; one receive() at a time per subscription).")
      .def("__aiter__", [](pyb::object self) { return self; })
      .def("__anext__", [](pyb::object self) { return pyb::module_::import("dmxp._aio").attr("receive")(self); })
      .def("_ready_fd", [](Subscription& s) {
        PySubscription& sub = s.pulled("receive()");
        if (!s.notifier) s.notifier = std::make_unique<ReadyNotifier>(sub.own_consumer());
        return s.notifier->fd();
      })
      .def("_await", [](Subscription& s, bool begin) {
        if (begin) s.pulled("receive()");
        if (begin && s.awaiting)
          raise(DMXP_ERR_BUSY, "subscription on '" + s.get().topic() +
                                   "': another receive() is waiting on it (one at a time)");
        s.awaiting = begin;
      })
      .def("_arm", [](Subscription& s) { s.notifier->arm(); })
      .def("_disarm", &Subscription::disarm)
      .def("_clear", [](Subscription& s) { s.notifier->clear(); })
      .def_property_readonly("topic_name", [](Subscription& s) { return s.get().topic(); })
      .def_property_readonly("received", [](Subscription& s) { return s.get().received(); })
      .def_property_readonly("lost", [](Subscription& s) { return s.get().lost(); })
      .def_property_readonly("publisher_count", [](Subscription& s) { return s.get().publisher_count(); })
      .def_property_readonly("destroyed", [](Subscription& s) { return !s.s; });

  m.def("_create_publisher", &create_publisher, pyb::arg("node"), pyb::arg("msg_type"), pyb::arg("topic"),
        pyb::arg("qos"), pyb::arg("events") = pyb::dict());
  m.def("_create_subscription", &create_subscription, pyb::arg("node"), pyb::arg("msg_type"), pyb::arg("topic"),
        pyb::arg("callback"), pyb::arg("qos"), pyb::arg("with_info"), pyb::arg("events") = pyb::dict());
}

}  // namespace dmxp::py
