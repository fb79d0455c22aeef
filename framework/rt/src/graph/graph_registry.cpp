// The graph registry's tables: claiming, publishing, freeing and reading entries (the
// protocol is described in graph_layout.hpp).
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "dmxp/rt/graph.hpp"
#include "graph/graph_segment.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

using namespace layout;
using detail::GraphSegment;

struct GraphRegistry::Impl {
  std::string domain;
  std::unique_ptr<GraphSegment> seg;
};

namespace {

void copy_text(char* dst, size_t cap, const std::string& s) {
  size_t n = std::min(cap - 1, s.size());
  std::memcpy(dst, s.data(), n);
  std::memset(dst + n, 0, cap - n);
}

// Shared memory text: never trust the terminator.
std::string read_text(const char* src, size_t cap) { return std::string(src, strnlen(src, cap)); }

// Claims a free entry of a table: free -> claiming with the next incarnation.
template <class Entry>
Entry* claim(Entry* table, uint32_t capacity, uint32_t pid, uint32_t* slot, uint32_t* incarnation) {
  for (uint32_t i = 0; i < capacity; ++i) {
    uint64_t w = table[i].owner.load(std::memory_order_relaxed);
    if (owner_state(w) != kFree) continue;
    uint32_t inc = owner_incarnation(w) + 1;
    // acquire: a previous owner's writes happen before ours (relaxed would do, the fields
    // are all rewritten; acquire keeps the reasoning simple).
    if (table[i].owner.compare_exchange_strong(w, owner_word(inc, pid, kClaiming),
                                               std::memory_order_acquire)) {
      *slot = i;
      *incarnation = inc;
      return &table[i];
    }
  }
  return nullptr;
}

template <class Entry>
void publish(Entry* e, uint32_t incarnation, uint32_t pid) {
  // SYNC POINT: release; pairs with the readers' acquire load of the owner word.
  e->owner.store(owner_word(incarnation, pid, kLive), std::memory_order_release);
}

template <class Entry>
bool free_entry(Entry* e, uint64_t expected) {
  return e->owner.compare_exchange_strong(
      expected, owner_word(owner_incarnation(expected), 0, kFree), std::memory_order_acq_rel);
}

template <class Entry>
bool owner_dead(const Entry& e, uint64_t w) {
  // A claiming entry has no start time yet: judge it by its pid alone.
  return !detail::process_alive(pid_t(owner_pid(w)),
                                owner_state(w) == kLive ? e.start_time : 0);
}

void bump(GraphHeader* h) { h->generation.fetch_add(1, std::memory_order_release); }

}  // namespace

const char* to_string(EndpointKind k) {
  switch (k) {
    case EndpointKind::Publisher: return "publisher";
    case EndpointKind::Subscription: return "subscription";
    case EndpointKind::ServiceServer: return "service server";
    case EndpointKind::ServiceClient: return "service client";
  }
  return "endpoint";
}

std::vector<GraphEndpoint> GraphSnapshot::endpoints_of(std::string_view name, EndpointKind kind) const {
  std::vector<GraphEndpoint> out;
  for (const auto& e : endpoints)
    if (e.kind == kind && e.name == name) out.push_back(e);
  return out;
}

const GraphNode* GraphSnapshot::node(std::string_view full_name) const {
  for (const auto& n : nodes)
    if (n.full_name == full_name) return &n;
  return nullptr;
}

std::string GraphRegistry::segment_name(const std::string& domain) {
  Result<std::string> name = internal::graph_segment_name(domain);
  return name ? name.value() : "";
}

Result<std::shared_ptr<GraphRegistry>> GraphRegistry::open(const std::string& domain) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<GraphRegistry>> open_registries;
  Result<std::string> name = internal::graph_segment_name(domain);
  if (!name) return name.error();
  Result<std::string> path = internal::segment_path(name.value());
  if (!path) return path.error();
  std::lock_guard lock(mu);
  // By path: a process that changes DMXP_SHM_DIR (tests do) meets another registry.
  if (auto it = open_registries.find(path.value()); it != open_registries.end())
    if (auto reg = it->second.lock()) return reg;
  Result<GraphSegment*> seg = GraphSegment::open(domain);
  if (!seg) return seg.error();
  auto impl = std::make_unique<Impl>();
  impl->domain = domain;
  impl->seg.reset(seg.value());
  auto reg = std::make_shared<GraphRegistry>(std::move(impl));
  open_registries[path.value()] = reg;
  return reg;
}

bool GraphRegistry::exists(const std::string& domain) {
  Result<std::string> name = internal::graph_segment_name(domain);
  return name && internal::segment_exists(name.value());
}

Status GraphRegistry::remove(const std::string& domain) {
  Result<std::string> name = internal::graph_segment_name(domain);
  if (!name) return name.error();
  Status s = internal::remove_segment(name.value());
  if (!s && s.status() != DMXP_ERR_NOT_FOUND) return s;
  return Unit{};
}

GraphRegistry::GraphRegistry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GraphRegistry::~GraphRegistry() = default;

const std::string& GraphRegistry::domain() const { return impl_->domain; }

uint64_t GraphRegistry::generation() const {
  return impl_->seg->header()->generation.load(std::memory_order_acquire);
}

Result<GraphRegistry::Handle> GraphRegistry::add_node(const std::string& ns, const std::string& name) {
  collect_dead();
  GraphSegment& s = *impl_->seg;
  uint32_t pid = uint32_t(getpid());
  Handle h;
  NodeEntry* e = claim(s.node(0), kNodeCapacity, pid, &h.slot, &h.incarnation);
  if (!e)
    return Error(DMXP_ERR_RESOURCE, "graph registry " + s.path() + " is full (" +
                                        std::to_string(kNodeCapacity) + " nodes)");
  e->start_time = detail::own_start_time();
  e->start_ns = detail::realtime_ns();
  e->heartbeat_ns.store(e->start_ns, std::memory_order_relaxed);
  copy_text(e->ns, sizeof e->ns, ns);
  copy_text(e->name, sizeof e->name, name);
  std::memset(e->reserved, 0, sizeof e->reserved);
  publish(e, h.incarnation, pid);
  bump(s.header());
  return h;
}

Result<GraphRegistry::Handle> GraphRegistry::add_endpoint(Handle node, EndpointKind kind,
                                                          const std::string& name,
                                                          const std::string& type_name,
                                                          uint64_t fingerprint, const QoS& qos) {
  GraphSegment& s = *impl_->seg;
  uint32_t pid = uint32_t(getpid());
  Handle h;
  EndpointEntry* e = claim(s.endpoint(0), kEndpointCapacity, pid, &h.slot, &h.incarnation);
  if (!e)
    return Error(DMXP_ERR_RESOURCE, "graph registry " + s.path() + " is full (" +
                                        std::to_string(kEndpointCapacity) + " endpoints)");
  e->start_time = detail::own_start_time();
  e->node_slot = node.slot;
  e->node_incarnation = node.incarnation;
  e->kind = uint8_t(kind);
  e->reliability = uint8_t(qos.reliability);
  e->durability = uint8_t(qos.durability);
  e->liveliness = uint8_t(qos.liveliness);
  e->depth = qos.depth;
  e->deadline_ns = qos.deadline.count();
  e->lease_ns = qos.liveliness_lease.count();
  e->type_fingerprint = fingerprint;
  copy_text(e->type_name, sizeof e->type_name, type_name);
  copy_text(e->name, sizeof e->name, name);
  e->asserted_ns.store(int64_t(detail::monotonic_ns()), std::memory_order_relaxed);
  publish(e, h.incarnation, pid);
  bump(s.header());
  return h;
}

void GraphRegistry::remove_endpoint(Handle h) {
  if (!h.valid() || h.slot >= kEndpointCapacity) return;
  EndpointEntry* e = impl_->seg->endpoint(h.slot);
  uint64_t w = e->owner.load(std::memory_order_acquire);
  if (owner_incarnation(w) != h.incarnation || owner_state(w) != kLive) return;
  if (free_entry(e, w)) bump(impl_->seg->header());
}

void GraphRegistry::remove_node(Handle h) {
  if (!h.valid() || h.slot >= kNodeCapacity) return;
  GraphSegment& s = *impl_->seg;
  for (uint32_t i = 0; i < kEndpointCapacity; ++i) {
    EndpointEntry* e = s.endpoint(i);
    uint64_t w = e->owner.load(std::memory_order_acquire);
    if (owner_state(w) == kLive && e->node_slot == h.slot && e->node_incarnation == h.incarnation)
      free_entry(e, w);
  }
  NodeEntry* n = s.node(h.slot);
  uint64_t w = n->owner.load(std::memory_order_acquire);
  if (owner_incarnation(w) == h.incarnation && owner_state(w) == kLive) free_entry(n, w);
  bump(s.header());
}

void GraphRegistry::assert_liveliness(Handle h) {
  if (!h.valid() || h.slot >= kEndpointCapacity) return;
  EndpointEntry* e = impl_->seg->endpoint(h.slot);
  if (owner_incarnation(e->owner.load(std::memory_order_acquire)) != h.incarnation) return;
  e->asserted_ns.store(int64_t(detail::monotonic_ns()), std::memory_order_relaxed);
}

void GraphRegistry::heartbeat(Handle h) {
  if (!h.valid() || h.slot >= kNodeCapacity) return;
  NodeEntry* n = impl_->seg->node(h.slot);
  if (owner_incarnation(n->owner.load(std::memory_order_acquire)) != h.incarnation) return;
  n->heartbeat_ns.store(detail::realtime_ns(), std::memory_order_relaxed);
}

uint32_t GraphRegistry::collect_dead() {
  GraphSegment& s = *impl_->seg;
  uint32_t removed = 0;
  // One /proc lookup per distinct pid: tables hold many entries of few processes.
  std::map<std::pair<uint32_t, uint64_t>, bool> alive;
  auto is_dead = [&](const auto& e, uint64_t w) {
    auto key = std::make_pair(owner_pid(w), owner_state(w) == kLive ? e.start_time : 0);
    auto it = alive.find(key);
    if (it == alive.end()) it = alive.emplace(key, !owner_dead(e, w)).first;
    return !it->second;
  };
  for (uint32_t i = 0; i < kNodeCapacity; ++i) {
    NodeEntry* n = s.node(i);
    uint64_t w = n->owner.load(std::memory_order_acquire);
    if (owner_state(w) != kFree && is_dead(*n, w) && free_entry(n, w)) ++removed;
  }
  for (uint32_t i = 0; i < kEndpointCapacity; ++i) {
    EndpointEntry* e = s.endpoint(i);
    uint64_t w = e->owner.load(std::memory_order_acquire);
    if (owner_state(w) != kFree && is_dead(*e, w) && free_entry(e, w)) ++removed;
  }
  if (removed) bump(s.header());
  return removed;
}

GraphSnapshot GraphRegistry::snapshot() {
  collect_dead();
  GraphSegment& s = *impl_->seg;
  GraphSnapshot out;
  out.generation = generation();
  std::map<std::pair<uint32_t, uint32_t>, std::string> node_names;  // (slot, incarnation)
  for (uint32_t i = 0; i < kNodeCapacity; ++i) {
    NodeEntry* n = s.node(i);
    uint64_t w = n->owner.load(std::memory_order_acquire);
    if (owner_state(w) != kLive) continue;
    GraphNode g;
    g.ns = read_text(n->ns, sizeof n->ns);
    g.name = read_text(n->name, sizeof n->name);
    g.start_ns = n->start_ns;
    g.heartbeat_ns = n->heartbeat_ns.load(std::memory_order_relaxed);
    g.pid = pid_t(owner_pid(w));
    g.slot = i;
    // Seqlock check: the fence orders the copies above before the second load.
    std::atomic_thread_fence(std::memory_order_acquire);
    if (n->owner.load(std::memory_order_relaxed) != w) continue;  // reused while copied
    g.full_name = g.ns == "/" ? "/" + g.name : g.ns + "/" + g.name;
    node_names[{i, owner_incarnation(w)}] = g.full_name;
    out.nodes.push_back(std::move(g));
  }
  for (uint32_t i = 0; i < kEndpointCapacity; ++i) {
    EndpointEntry* e = s.endpoint(i);
    uint64_t w = e->owner.load(std::memory_order_acquire);
    if (owner_state(w) != kLive) continue;
    GraphEndpoint g;
    g.kind = EndpointKind(e->kind);
    g.name = read_text(e->name, sizeof e->name);
    g.type_name = read_text(e->type_name, sizeof e->type_name);
    g.type_fingerprint = e->type_fingerprint;
    g.qos.depth = e->depth;
    g.qos.reliability = Reliability(e->reliability);
    g.qos.durability = Durability(e->durability);
    g.qos.deadline = std::chrono::nanoseconds(e->deadline_ns);
    g.qos.liveliness_lease = std::chrono::nanoseconds(e->lease_ns);
    g.qos.liveliness = e->liveliness == uint8_t(Liveliness::ManualByTopic) ? Liveliness::ManualByTopic
                                                                           : Liveliness::Automatic;
    g.asserted_ns = e->asserted_ns.load(std::memory_order_relaxed);
    uint32_t node_slot = e->node_slot, node_inc = e->node_incarnation;
    g.pid = pid_t(owner_pid(w));
    g.slot = i;
    g.incarnation = owner_incarnation(w);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (e->owner.load(std::memory_order_relaxed) != w) continue;
    auto it = node_names.find({node_slot, node_inc});
    if (it == node_names.end()) continue;  // its node is gone: the endpoint is going too
    g.node = it->second;
    out.endpoints.push_back(std::move(g));
  }
  return out;
}

}  // namespace dmxp::rt
