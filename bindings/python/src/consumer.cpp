// dmxp.Consumer and dmxp.Message: receiving, with zero-copy views over ring slots.
#include "consumer.hpp"

#include <cstring>
#include <mutex>
#include <optional>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "blocking.hpp"
#include "options.hpp"
#include "timeouts.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

// Every consumer opened from Python, so that interpreter exit can release what they hold: a
// process that exits without close() would otherwise leave its last views unreleased (its
// handle is never destroyed), and a named cursor would hand them out again on the next open.
std::mutex g_open_mutex;
std::vector<std::weak_ptr<ConsumerHandle>> g_open;

void remember(const std::shared_ptr<ConsumerHandle>& h) {
  std::lock_guard lock(g_open_mutex);
  std::erase_if(g_open, [](const std::weak_ptr<ConsumerHandle>& w) { return w.expired(); });
  g_open.push_back(h);
}

// Ends the views of c (they are expired for Python from here on) and, when detach is set,
// its record too (a named cursor is parked at once, so it can be reopened while Message
// objects still keep the mapping alive). A consumer another thread is using is left alone.
void release_views(ConsumerHandle& c, bool detach) {
  if (c.in_use.exchange(true, std::memory_order_acquire)) return;
  c.generation++;
  if (detach) dmxp_consumer_detach(c.h);
  else (void)dmxp_consumer_release(c.h);  // an overrun of views nobody reads any more is moot
  c.in_use.store(false, std::memory_order_release);
}

void release_all_at_exit() {
  std::lock_guard lock(g_open_mutex);
  for (auto& w : g_open)
    if (auto h = w.lock()) release_views(*h, false);
}

Consumer open_consumer(const pyb::object& channel, pyb::kwargs kwargs) {
  pyb::dict kw(kwargs);
  std::string name = channel_name(channel);
  ChannelOptions co = channel_options(kw);
  ConsumerOptions o = consumer_options(kw);
  reject_unknown(kw, "Consumer");
  auto h = std::make_shared<ConsumerHandle>();
  h->channel = name;
  check(dmxp_consumer_open(name.c_str(), &co.c, &o.c, &h->h));
  remember(h);
  return Consumer{std::move(h)};
}

std::optional<Message> receive(Consumer& self, std::optional<double> timeout) {
  ConsumerHandle& c = self.open();
  int64_t t = timeout_ns(timeout);
  UseGuard use(c.in_use, "this consumer");
  c.generation++;  // the previous view ends here, whatever happens next
  dmxp_message m;
  int rc = wait_released(t, [&](int64_t slice) {
    return slice == 0 ? dmxp_consumer_try_receive(c.h, &m) : dmxp_consumer_receive(c.h, &m, slice);
  });
  if (rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT) return std::nullopt;
  check(rc);
  return make_message(self.c, m);
}

std::vector<Message> receive_batch(Consumer& self, uint32_t max, std::optional<double> timeout) {
  ConsumerHandle& c = self.open();
  if (max == 0) raise(DMXP_ERR_INVALID_ARGUMENT, "receive_batch needs max >= 1");
  int64_t t = timeout_ns(timeout);
  UseGuard use(c.in_use, "this consumer");
  c.generation++;
  std::vector<dmxp_message> views(max);
  uint32_t count = 0;
  int rc = wait_released(t, [&](int64_t slice) {
    return dmxp_consumer_receive_batch(c.h, views.data(), max, &count, slice);
  });
  std::vector<Message> out;
  if (rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT) return out;
  check(rc);
  out.reserve(count);
  for (uint32_t i = 0; i < count; i++) out.push_back(make_message(self.c, views[i]));
  return out;
}

// Optional per-row outputs of receive_into: a writable 1-D buffer of uint64 with >= rows items.
uint64_t* column(const std::optional<pyb::buffer>& b, size_t rows, const char* what,
                 std::optional<pyb::buffer_info>& keep) {
  if (!b) return nullptr;
  keep = b->request(true);
  if (keep->itemsize != 8 || keep->ndim != 1 || keep->strides[0] != 8 || size_t(keep->shape[0]) < rows)
    raise(DMXP_ERR_INVALID_ARGUMENT, std::string(what) +
                                         " must be a writable, contiguous uint64 array with one entry per row");
  return static_cast<uint64_t*>(keep->ptr);
}

// Copies up to rows messages into the rows of out (a writable, C-contiguous 2-D buffer):
// the fast path for many small messages, one C call and no Python object per message.
uint32_t receive_into(Consumer& self, const pyb::buffer& out, std::optional<double> timeout,
                      std::optional<pyb::buffer> sizes, std::optional<pyb::buffer> keys) {
  ConsumerHandle& c = self.open();
  pyb::buffer_info b = out.request(true);
  if (b.ndim != 2 || b.strides[1] != b.itemsize || b.strides[0] != b.shape[1] * b.itemsize)
    raise(DMXP_ERR_INVALID_ARGUMENT,
          "receive_into needs a writable, C-contiguous 2-D array (rows x row bytes), e.g. "
          "numpy.empty((1024, 64), numpy.uint8)");
  size_t rows = size_t(b.shape[0]), width = size_t(b.shape[1] * b.itemsize);
  if (rows == 0) raise(DMXP_ERR_INVALID_ARGUMENT, "receive_into needs at least one row");
  std::optional<pyb::buffer_info> ks, kk;
  uint64_t* size_out = column(sizes, rows, "sizes", ks);
  uint64_t* key_out = column(keys, rows, "keys", kk);
  int64_t t = timeout_ns(timeout);
  UseGuard use(c.in_use, "this consumer");
  c.generation++;
  thread_local std::vector<dmxp_message> views;
  views.resize(rows);
  uint32_t count = 0;
  int rc = wait_released(t, [&](int64_t slice) {
    return dmxp_consumer_receive_batch(c.h, views.data(), uint32_t(rows), &count, slice);
  });
  if (rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT) return 0;
  check(rc);
  auto* dst = static_cast<unsigned char*>(b.ptr);
  for (uint32_t i = 0; i < count; i++) {
    // A message longer than a row is cut; sizes[i] keeps its full size so nothing is lost
    // unnoticed.
    std::memcpy(dst + size_t(i) * width, views[i].data, std::min(views[i].size, width));
    if (size_out) size_out[i] = views[i].size;
    if (key_out) key_out[i] = views[i].key;
  }
  // The copies are good only if no producer overwrote a slot while we copied it.
  check(dmxp_consumer_release(c.h));
  return count;
}

// Ends the current view(s); False when a KEEP_LAST producer overwrote them while held.
bool release(Consumer& self) {
  ConsumerHandle& c = self.open();
  UseGuard use(c.in_use, "this consumer");
  c.generation++;
  int rc = dmxp_consumer_release(c.h);
  if (rc == DMXP_ERR_OVERRUN) return false;
  check(rc);
  return true;
}

void close(Consumer& self) {
  if (!self.c) return;
    // What was received is the user's: release and detach now, so a named cursor never hands it
  // out again and can be reopened at once, even while a Message object (now expired) keeps
  // the mapping alive.
  release_views(*self.c, true);
  self.c->closed = true;
  self.c.reset();  // the C handle closes when the last Message of it is gone
}

pyb::buffer_info message_buffer(Message& m) {
  if (!m.valid())
    raise(DMXP_ERR_INVALID_ARGUMENT,
          "the message view expired: a later receive or release on its consumer ended it "
          "(copy with bytes(msg) to keep a message)");
  return pyb::buffer_info(const_cast<void*>(m.raw.data), 1, pyb::format_descriptor<uint8_t>::format(), 1,
                          {ssize_t(m.raw.size)}, {1}, true);
}

pyb::bytes message_bytes(Message& m) {
  message_buffer(m);  // validity check
  return pyb::bytes(static_cast<const char*>(m.raw.data), m.raw.size);
}

}  // namespace

void bind_consumer(pyb::module_& m) {
  pyb::module_::import("atexit").attr("register")(pyb::cpp_function(&release_all_at_exit));
  pyb::class_<Consumer>(m, "Consumer", R"doc(
Receives messages from a channel (created on first open with the given options).

Consumer(channel, *, name=None, start="oldest", spin=2e-6, <channel options as Producer>)

name makes a durable consumer whose cursor stays in the channel; start says where a new
broadcast consumer begins. A received Message is a read-only view into the ring, valid until
the next receive or release on this consumer. One thread at a time per consumer.
)doc")
      .def(pyb::init(&open_consumer), pyb::arg("channel"))
      .def("receive", &receive, pyb::arg("timeout") = pyb::none(),
           "The next message, waiting up to timeout seconds (None: forever) with the GIL "
           "released; None when the time ran out. Ctrl-C interrupts the wait.")
      .def("try_receive", [](Consumer& s) { return receive(s, 0.0); },
           "The next message, or None at once when there is none.")
      .def("receive_batch", &receive_batch, pyb::arg("max") = 64, pyb::arg("timeout") = pyb::none(),
           "Up to max consecutive messages (views, valid together until the next receive or "
           "release); waits up to timeout for the first. [] when the time ran out.")
      .def("receive_into", &receive_into, pyb::arg("out"), pyb::arg("timeout") = pyb::none(),
           pyb::arg("sizes") = pyb::none(), pyb::arg("keys") = pyb::none(),
           "Copies up to len(out) messages into the rows of out (a writable C-contiguous 2-D "
           "array) in one call; returns how many. sizes/keys (uint64 arrays) receive each "
           "message's full size and key; a message longer than a row is cut (sizes tells). "
           "Raises OverrunError (rows not returned) when a KEEP_LAST producer overwrote a "
           "message while it was being copied.")
      .def("release", &release, "Ends the current view(s); False if a KEEP_LAST producer overwrote them while held.")
      .def("seek", [](Consumer& s, uint64_t key) {
             ConsumerHandle& c = s.open();
             UseGuard use(c.in_use, "this consumer");
             c.generation++;
             check(dmxp_consumer_seek(c.h, key));
           }, pyb::arg("key"),
           "Moves a broadcast consumer to the first retained message with a key >= key.")
      .def_property_readonly("lost", [](Consumer& s) { return dmxp_consumer_lost(s.open().h); },
                             "Messages skipped (overwritten by KEEP_LAST or repaired after a crash).")
      .def_property_readonly("channel", [](Consumer& s) { return s.open().channel; })
      .def_property_readonly("closed", [](Consumer& s) { return !s.c; })
      .def("close", &close, "Releases what was received and detaches now: a named cursor is parked after the last "
           "message received (reopening it gets the next one), and Message objects of this "
           "consumer expire. `with` does the same on exit.")
      .def("__enter__", [](pyb::object self) { return self; })
      .def("__exit__", [](Consumer& s, pyb::args) { close(s); })
      .def("__iter__", [](pyb::object self) { return self; })
      .def("__next__", [](Consumer& s) { return receive(s, std::nullopt).value(); },
           "Blocking iteration: `for msg in consumer:` (Ctrl-C ends it).");

  pyb::class_<Message>(m, "Message", pyb::buffer_protocol(), R"doc(
A received message: a read-only buffer over the ring slot (no copy). numpy.frombuffer(msg)
and memoryview(msg) share the slot's memory. Valid until the next receive or release on its
consumer (see `valid`); bytes(msg) copies it out.
)doc")
      .def_buffer(&message_buffer)
      .def_property_readonly("data", [](pyb::object self) { return pyb::memoryview(self); },
                             "A read-only memoryview of the payload (no copy).")
      .def_property_readonly("key", [](Message& m) { return m.raw.key; })
      .def_property_readonly("timestamp_ns", [](Message& m) { return m.raw.timestamp_ns; })
      .def_property_readonly("producer_pid", [](Message& m) { return m.raw.producer_pid; })
      .def_property_readonly("batch_index", [](Message& m) { return m.raw.batch_index; })
      .def_property_readonly("batch_count", [](Message& m) { return m.raw.batch_count; })
      .def_property_readonly("address", [](Message& m) { return reinterpret_cast<uintptr_t>(m.raw.data); },
                             "Address of the payload in this process's mapping of the ring.")
      .def_property_readonly("valid", &Message::valid)
      .def("__len__", [](Message& m) { return m.raw.size; })
      .def("__bytes__", &message_bytes)
      .def("tobytes", &message_bytes)
      .def("__repr__", [](Message& m) {
        return "<dmxp.Message key=" + std::to_string(m.raw.key) + " size=" + std::to_string(m.raw.size) +
               (m.valid() ? "" : " expired") + ">";
      });
}

}  // namespace dmxp::py
