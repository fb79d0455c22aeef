// Channel administration (list, info, remove, gc, descriptors), merged scans and waitsets.
#include <cstring>
#include <optional>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "blocking.hpp"
#include "consumer.hpp"
#include "options.hpp"
#include "timeouts.hpp"

namespace dmxp::py {
namespace pyb = pybind11;
namespace {

const char* mode_name(dmxp_mode m) { return m == DMXP_MODE_QUEUE ? "queue" : "broadcast"; }
const char* backpressure_name(dmxp_backpressure b) { return b == DMXP_KEEP_LAST ? "keep_last" : "reliable"; }

std::string fixed(const char* s, size_t n) { return std::string(s, strnlen(s, n)); }

pyb::dict info_dict(const dmxp_channel_info& i) {
  pyb::dict d;
  d["name"] = fixed(i.name, sizeof i.name);
  d["domain"] = fixed(i.domain, sizeof i.domain);
  d["type_name"] = fixed(i.type_name, sizeof i.type_name);
  d["type_fingerprint"] = i.type_fingerprint;
  d["mode"] = mode_name(i.mode);
  d["backpressure"] = backpressure_name(i.backpressure);
  d["capacity"] = i.capacity;
  d["slot_size"] = i.slot_size;
  d["file_size"] = i.file_size;
  d["published"] = i.published;
  d["last_key"] = i.last_key;
  d["producers"] = i.producers;
  d["consumers"] = i.consumers;
  d["parked_cursors"] = i.parked_cursors;
  d["creator_pid"] = i.creator_pid;
  d["created_ns"] = i.created_ns;
  d["repaired_slots"] = i.repaired_slots;
  d["reclaimed"] = i.reclaimed;
  d["mode_bits"] = i.mode_bits;
  d["dropped"] = i.dropped;
  d["sleepers"] = i.sleepers;
  return d;
}

const char* c_str(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }

pyb::dict channel_info(const pyb::object& channel, std::optional<std::string> domain) {
  std::string name = channel_name(channel);
  dmxp_channel_info i;
  check(dmxp_channel_info_get(c_str(domain), name.c_str(), &i));
  return info_dict(i);
}

pyb::list list_channels(std::optional<std::string> domain) {
  struct Visit {
    pyb::list out;
  } v;
  check(dmxp_channel_list(c_str(domain), [](const dmxp_channel_info* i, int status, void* user) {
    pyb::dict d = info_dict(*i);
    d["status"] = status == DMXP_OK ? std::string("ok") : std::string(dmxp_strerror(status));
    static_cast<Visit*>(user)->out.append(d);
    return 0;
  }, &v));
  return v.out;
}

std::optional<std::string> channel_descriptor(const pyb::object& channel, std::optional<std::string> domain) {
  std::string name = channel_name(channel);
  size_t size = 0;
  check(dmxp_channel_descriptor_get(c_str(domain), name.c_str(), nullptr, 0, &size));
  if (size == 0) return std::nullopt;
  std::string d(size, '\0');
  check(dmxp_channel_descriptor_get(c_str(domain), name.c_str(), d.data(), size, &size));
  d.resize(size);
  return d;
}

// Merged scan over broadcast consumers, in key order.
struct Merge {
  std::vector<std::shared_ptr<ConsumerHandle>> sources;
  dmxp_merge* h = nullptr;
  ~Merge() { dmxp_merge_destroy(h); }
};

std::unique_ptr<Merge> make_merge(const std::vector<Consumer*>& consumers) {
  auto m = std::make_unique<Merge>();
  std::vector<dmxp_consumer*> raw;
  for (Consumer* c : consumers) {
    m->sources.push_back(c->c);
    raw.push_back(c->open().h);
  }
  check(dmxp_merge_create(raw.data(), raw.size(), &m->h));
  return m;
}

// (index of the source consumer, Message), or None when every consumer is drained.
std::optional<std::pair<size_t, Message>> merge_next(Merge& m) {
  dmxp_message msg;
  size_t source = 0;
  int rc = dmxp_merge_next(m.h, &msg, &source);
  if (rc == DMXP_ERR_WOULD_BLOCK) return std::nullopt;
  check(rc);
  auto& c = m.sources.at(source);
  c->generation++;  // the merge took a new view on this consumer
  return std::make_pair(source, make_message(c, msg));
}

struct WaitSet {
  std::vector<std::shared_ptr<ConsumerHandle>> members;
  dmxp_waitset* h = nullptr;
  WaitSet() { check(dmxp_waitset_create(&h)); }
  ~WaitSet() { dmxp_waitset_destroy(h); }
};

std::vector<size_t> waitset_wait(WaitSet& w, std::optional<double> timeout) {
  std::vector<uint8_t> ready(w.members.size());
  size_t count = 0;
  int rc = wait_released(timeout_ns(timeout), [&](int64_t slice) {
    int r = dmxp_waitset_wait(w.h, ready.data(), ready.size(), &count, slice);
    return (r == DMXP_ERR_TIMEOUT && slice == 0) ? int(DMXP_ERR_WOULD_BLOCK) : r;
  });
  std::vector<size_t> out;
  if (rc == DMXP_ERR_TIMEOUT || rc == DMXP_ERR_WOULD_BLOCK) return out;
  check(rc);
  for (size_t i = 0; i < ready.size(); i++)
    if (ready[i]) out.push_back(i);
  return out;
}

}  // namespace

void bind_admin(pyb::module_& m) {
  m.def("channel_info", &channel_info, pyb::arg("channel"), pyb::arg("domain") = pyb::none(),
        "Geometry and counters of one channel, as a dict (dmxp channel info).");
  m.def("list_channels", &list_channels, pyb::arg("domain") = pyb::none(),
        "Every channel of the domain, as dicts (dmxp channel list); 'status' says whether it validated.");
  m.def("channel_descriptor", &channel_descriptor, pyb::arg("channel"), pyb::arg("domain") = pyb::none(),
        "The JSON layout descriptor stored in a typed channel, or None for an untyped one.");
  m.def("remove_channel", [](const pyb::object& ch, std::optional<std::string> domain) {
          std::string name = channel_name(ch);
          check(dmxp_channel_remove(c_str(domain), name.c_str()));
        }, pyb::arg("channel"), pyb::arg("domain") = pyb::none(),
        "Removes the channel's segment name (attached processes keep their mapping).");
  m.def("gc_channels", [](std::optional<std::string> domain, bool remove_parked) {
          uint32_t removed = 0;
          check(dmxp_channel_gc(c_str(domain), remove_parked ? 1 : 0, &removed));
          return removed;
        }, pyb::arg("domain") = pyb::none(), pyb::arg("remove_parked") = false,
        "Removes every channel no live process uses; returns how many.");
  m.def("abi_version", &dmxp_abi_version);
  m.def("strerror", &dmxp_strerror, pyb::arg("status"));
  m.def("status_name", &dmxp_status_name, pyb::arg("status"),
        "The status's name as dmxp.h spells it, e.g. 'DMXP_ERR_TIMEOUT'.");

  pyb::class_<Merge>(m, "Merge", R"doc(
Merged scan over broadcast consumers: Merge([c1, c2, ...]).next() gives (index, Message) in
key order among what they hold, or None when all are drained. Iterable.
)doc")
      .def(pyb::init(&make_merge), pyb::arg("consumers"), pyb::keep_alive<1, 2>())
      .def("next", &merge_next)
      .def("__iter__", [](pyb::object self) { return self; })
      .def("__next__", [](Merge& m) {
        auto r = merge_next(m);
        if (!r) throw pyb::stop_iteration();
        return *r;
      });

  pyb::class_<WaitSet>(m, "WaitSet", "Waits on many consumers of one domain: add(consumer), wait(timeout) -> ready indices.")
      .def(pyb::init<>())
      .def("add", [](WaitSet& w, Consumer& c) {
             check(dmxp_waitset_add(w.h, c.open().h));
             w.members.push_back(c.c);
           }, pyb::arg("consumer"))
      .def("wait", &waitset_wait, pyb::arg("timeout") = pyb::none(),
           "Indices (in add order) of consumers with data; [] when the time ran out. Readiness "
           "may be spurious: the following try_receive can return None.");
}

}  // namespace dmxp::py
