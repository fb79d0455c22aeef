// dmxp.Producer, dmxp.Loan and dmxp.BatchLoan: copying and zero-copy publishing.
#include <optional>
#include <vector>

#include <pybind11/stl.h>

#include "blocking.hpp"
#include "bindings.hpp"
#include "handles.hpp"
#include "options.hpp"
#include "timeouts.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

struct Producer {
  std::shared_ptr<ProducerHandle> p;

  ProducerHandle& open() const {
    if (!p) raise(DMXP_ERR_INVALID_ARGUMENT, "the producer is closed");
    return *p;
  }
};

// One slot on loan: a writable buffer over ring memory until commit or abort.
struct Loan {
  std::shared_ptr<ProducerHandle> p;
  void* data = nullptr;
  size_t capacity = 0;
  size_t size = 0;  // what commit publishes; the loaned size unless set lower
  bool open = true;

  void check_open() const {
    if (!open) raise(DMXP_ERR_INVALID_ARGUMENT, "the loan was already committed or aborted");
  }
  uint64_t commit(std::optional<size_t> n) {
    check_open();
    size_t final_size = n.value_or(size);
    if (final_size > capacity)
      raise(DMXP_ERR_TOO_LARGE, "commit of " + std::to_string(final_size) + " bytes exceeds the loan of " +
                                    std::to_string(capacity));
    UseGuard use(p->in_use, "this producer");
    uint64_t key = 0;
    open = false;
    p->loaned = false;
    check(dmxp_producer_commit(p->h, final_size, &key));
    return key;
  }
  void abort() {
    if (!open) return;
    UseGuard use(p->in_use, "this producer");
    open = false;
    p->loaned = false;
    check(dmxp_producer_abort(p->h));
  }
  ~Loan() {
    if (open && p) {
      dmxp_producer_abort(p->h);
      p->loaned = false;
    }
  }
};

// count slots claimed together; consumers see all or none after commit.
struct BatchLoan {
  std::shared_ptr<ProducerHandle> p;
  std::vector<void*> slots;
  size_t capacity = 0;
  bool open = true;

  uint64_t commit(const std::vector<size_t>& sizes) {
    if (!open) raise(DMXP_ERR_INVALID_ARGUMENT, "the batch loan was already committed or aborted");
    if (sizes.size() != slots.size())
      raise(DMXP_ERR_INVALID_ARGUMENT, "commit needs one size per slot: " + std::to_string(slots.size()) +
                                           " slots, " + std::to_string(sizes.size()) + " sizes");
    for (size_t s : sizes)
      if (s > capacity)
        raise(DMXP_ERR_TOO_LARGE, "a size of " + std::to_string(s) + " exceeds the slot size " +
                                      std::to_string(capacity));
    UseGuard use(p->in_use, "this producer");
    uint64_t key = 0;
    open = false;
    p->loaned = false;
    check(dmxp_producer_commit_batch(p->h, sizes.data(), &key));
    return key;
  }
  void abort() {
    if (!open) return;
    open = false;
    p->loaned = false;
    check(dmxp_producer_abort(p->h));
  }
  ~BatchLoan() {
    if (open && p) {
      dmxp_producer_abort(p->h);
      p->loaned = false;
    }
  }
};

// A writable view of one slot of a batch loan; keeps the batch (and so the mapping) alive.
struct BatchSlot {
  std::shared_ptr<BatchLoan> batch;
  size_t index = 0;
};

Producer open_producer(const pyb::object& channel, pyb::kwargs kwargs) {
  pyb::dict kw(kwargs);
  std::string name = channel_name(channel);
  ChannelOptions o = channel_options(kw);
  reject_unknown(kw, "Producer");
  auto h = std::make_shared<ProducerHandle>();
  h->channel = name;
  check(dmxp_producer_open(name.c_str(), &o.c, &h->h));
  return Producer{std::move(h)};
}

uint64_t send(Producer& self, const pyb::buffer& data, std::optional<double> timeout) {
  ProducerHandle& p = self.open();
  pyb::buffer_info b = data.request();
  size_t size = size_t(b.size) * size_t(b.itemsize);
  int64_t t = timeout_ns(timeout);
  UseGuard use(p.in_use, "this producer");
  uint64_t key = 0;
  int rc = wait_released(t, [&](int64_t slice) { return dmxp_producer_send(p.h, b.ptr, size, slice, &key); });
  check(rc);
  return key;
}

uint64_t send_batch(Producer& self, const pyb::sequence& messages, std::optional<double> timeout) {
  ProducerHandle& p = self.open();
  std::vector<pyb::buffer_info> infos;
  std::vector<dmxp_iovec> iov;
  infos.reserve(messages.size());
  for (pyb::handle m : messages) {
    infos.push_back(pyb::reinterpret_borrow<pyb::buffer>(m).request());
    iov.push_back({infos.back().ptr, size_t(infos.back().size) * size_t(infos.back().itemsize)});
  }
  if (iov.empty()) raise(DMXP_ERR_INVALID_ARGUMENT, "send_batch needs at least one message");
  int64_t t = timeout_ns(timeout);
  UseGuard use(p.in_use, "this producer");
  uint64_t key = 0;
  check(wait_released(t, [&](int64_t slice) {
    return dmxp_producer_send_batch(p.h, iov.data(), uint32_t(iov.size()), slice, &key);
  }));
  return key;
}

std::unique_ptr<Loan> loan(Producer& self, std::optional<size_t> size, std::optional<double> timeout) {
  ProducerHandle& p = self.open();
  size_t n = size.value_or(dmxp_producer_max_message_size(p.h));
  int64_t t = timeout_ns(timeout);
  UseGuard use(p.in_use, "this producer");
  void* slot = nullptr;
  check(wait_released(t, [&](int64_t slice) { return dmxp_producer_loan(p.h, n, &slot, slice); }));
  p.loaned = true;
  auto l = std::make_unique<Loan>();
  l->p = self.p;
  l->data = slot;
  l->capacity = l->size = n;
  return l;
}

std::shared_ptr<BatchLoan> loan_batch(Producer& self, uint32_t count, std::optional<double> timeout) {
  ProducerHandle& p = self.open();
  if (count == 0) raise(DMXP_ERR_INVALID_ARGUMENT, "loan_batch needs count >= 1");
  int64_t t = timeout_ns(timeout);
  UseGuard use(p.in_use, "this producer");
  auto b = std::make_shared<BatchLoan>();
  b->slots.resize(count);
  check(wait_released(t, [&](int64_t slice) { return dmxp_producer_loan_batch(p.h, count, b->slots.data(), slice); }));
  p.loaned = true;
  b->p = self.p;
  b->capacity = dmxp_producer_max_message_size(p.h);
  return b;
}

pyb::buffer_info writable(void* data, size_t size) {
  return pyb::buffer_info(data, 1, pyb::format_descriptor<uint8_t>::format(), 1, {ssize_t(size)}, {1}, false);
}

}  // namespace

void bind_producer(pyb::module_& m) {
  pyb::class_<Producer>(m, "Producer", R"doc(
Publishes messages on a channel (created on first open with the given options).

Producer(channel, *, domain=None, mode=None, backpressure=None, capacity=None,
         slot_size=None, msg_type=None, permissions=None, max_consumers=None,
         max_producers=None, create=True, stall_timeout=None)

channel is a name (str) or a numeric id (int). One thread at a time per producer.
)doc")
      .def(pyb::init(&open_producer), pyb::arg("channel"))
      .def("send", &send, pyb::arg("data"), pyb::arg("timeout") = pyb::none(),
           "Copies data (any buffer) into a slot and publishes it; returns its key. Waits up to "
           "timeout seconds for room on a full RELIABLE ring (None: forever, 0: not at all).")
      .def("send_batch", &send_batch, pyb::arg("messages"), pyb::arg("timeout") = pyb::none(),
           "Publishes a sequence of buffers atomically (consumers see all or none); returns "
           "the first key (the others follow consecutively).")
      .def("loan", &loan, pyb::arg("size") = pyb::none(), pyb::arg("timeout") = pyb::none(),
           "Claims one slot for zero-copy writing: `with prod.loan(n) as buf:` gives a writable "
           "memoryview of the slot, committed when the block ends (aborted on an exception).")
      .def("loan_batch", &loan_batch, pyb::arg("count"), pyb::arg("timeout") = pyb::none(),
           "Claims count slots at once; fill batch[i], then batch.commit(sizes).")
      .def_property_readonly("max_message_size",
                             [](Producer& s) { return dmxp_producer_max_message_size(s.open().h); },
                             "The channel's slot size: the largest message it takes.")
      .def_property_readonly("channel", [](Producer& s) { return s.open().channel; })
      .def_property_readonly("closed", [](Producer& s) { return !s.p; })
      .def("close", [](Producer& s) { s.p.reset(); },
           "Detaches (once no Loan of it is left); an open loan is aborted.")
      .def("__enter__", [](pyb::object self) { return self; })
      .def("__exit__", [](Producer& s, pyb::args) { s.p.reset(); });

  pyb::class_<Loan>(m, "Loan", pyb::buffer_protocol(), R"doc(
A slot on loan: a writable buffer over ring memory. commit(size=None) publishes it (size
defaults to the `size` attribute, which starts as the loaned size); abort() gives it back.
Writing through a view after commit/abort is a bug (the slot belongs to the ring again).
)doc")
      .def_buffer([](Loan& l) {
        l.check_open();
        return writable(l.data, l.capacity);
      })
      .def_readwrite("size", &Loan::size)
      .def_readonly("capacity", &Loan::capacity)
      .def_property_readonly("address", [](Loan& l) { return reinterpret_cast<uintptr_t>(l.data); })
      .def_property_readonly("open", [](Loan& l) { return l.open; })
      .def("commit", &Loan::commit, pyb::arg("size") = pyb::none())
      .def("abort", &Loan::abort)
      .def("__enter__", [](pyb::object self) { return pyb::memoryview(self); })
      .def("__exit__", [](Loan& l, pyb::object type, pyb::object, pyb::object) {
        if (!l.open) return;
        if (type.is_none()) l.commit(std::nullopt);
        else l.abort();
      });

  pyb::class_<BatchSlot>(m, "BatchSlot", pyb::buffer_protocol(), "A writable buffer over one slot of a BatchLoan.")
      .def_buffer([](BatchSlot& s) {
        if (!s.batch->open) raise(DMXP_ERR_INVALID_ARGUMENT, "the batch loan was already committed or aborted");
        return writable(s.batch->slots[s.index], s.batch->capacity);
      });

  pyb::class_<BatchLoan, std::shared_ptr<BatchLoan>>(m, "BatchLoan",
                                                     "count slots claimed at once; batch[i] is a writable memoryview of slot i.")
      .def("__len__", [](BatchLoan& b) { return b.slots.size(); })
      .def("__getitem__", [](std::shared_ptr<BatchLoan> b, ssize_t i) {
        if (i < 0) i += ssize_t(b->slots.size());
        if (i < 0 || size_t(i) >= b->slots.size()) throw pyb::index_error("batch slot index out of range");
        return pyb::memoryview(pyb::cast(BatchSlot{b, size_t(i)}));
      })
      .def("commit", &BatchLoan::commit, pyb::arg("sizes"),
           "Publishes every slot with its size (one per slot); returns the first key.")
      .def("abort", &BatchLoan::abort)
      .def_readonly("slot_size", &BatchLoan::capacity);
}

}  // namespace dmxp::py
