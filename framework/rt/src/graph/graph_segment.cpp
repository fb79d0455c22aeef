#include "graph/graph_segment.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "node/process.hpp"

namespace dmxp::rt::detail {
namespace {

constexpr int64_t kInitWaitNs = 2'000'000'000;  // how long an opener waits for the creator

// New registries take the mode of the domain's key segment when it is ours, so a domain
// shared by a group (0660) gets a registry the group can write too.
mode_t domain_mode(const std::string& domain) {
  auto keys = internal::domain_segment_name(domain);
  auto path = keys ? internal::segment_path(keys.value()) : Result<std::string>(keys.error());
  struct stat st{};
  if (path && stat(path.value().c_str(), &st) == 0 && st.st_uid == geteuid())
    return st.st_mode & 0777;
  return 0600;
}

Status validate_header(const layout::GraphHeader* h, const std::string& path) {
  if (h->version != layout::kGraphVersion)
    return Error(DMXP_ERR_INCOMPATIBLE, "graph registry " + path + " has version " +
                                            std::to_string(h->version) + ", this library " +
                                            std::to_string(layout::kGraphVersion) +
                                            "; remove it when no node runs in the domain");
  if (h->header_size != sizeof(layout::GraphHeader) || h->node_capacity != layout::kNodeCapacity ||
      h->node_entry_size != sizeof(layout::NodeEntry) ||
      h->endpoint_capacity != layout::kEndpointCapacity ||
      h->endpoint_entry_size != sizeof(layout::EndpointEntry) ||
      h->nodes_offset != layout::kNodesOffset || h->endpoints_offset != layout::kEndpointsOffset ||
      h->file_size != layout::kGraphFileSize)
    return Error(DMXP_ERR_CORRUPT, "graph registry " + path + " has an unexpected geometry");
  return Unit{};
}

// An existing registry, once its creator finished: kReady, or abandoned by a creator that
// died (or never said who it was) before finishing, or still initialising by a live one.
internal::InitWait wait_initialised(layout::GraphHeader* h) {
  auto ready = [h] { return h->magic.load(std::memory_order_acquire) == layout::kGraphMagic; };
  auto creator = [h] {
    return std::atomic_ref<int32_t>(h->creator_pid).load(std::memory_order_relaxed);
  };
  internal::InitWait w = internal::wait_for_init(ready, creator, kInitWaitNs);
  if (w == internal::InitWait::kTimedOut && creator() == 0) return internal::InitWait::kCreatorGone;
  return w;
}

}  // namespace

void initialise_graph_header(layout::GraphHeader* h) {
  // First, so that openers can tell a creator at work from an abandoned segment. The pages
  // are zero: every entry is free with incarnation 0.
  std::atomic_ref<int32_t>(h->creator_pid).store(getpid(), std::memory_order_relaxed);
  h->version = layout::kGraphVersion;
  h->header_size = sizeof(layout::GraphHeader);
  h->node_capacity = layout::kNodeCapacity;
  h->node_entry_size = sizeof(layout::NodeEntry);
  h->endpoint_capacity = layout::kEndpointCapacity;
  h->endpoint_entry_size = sizeof(layout::EndpointEntry);
  h->nodes_offset = layout::kNodesOffset;
  h->endpoints_offset = layout::kEndpointsOffset;
  h->file_size = layout::kGraphFileSize;
  h->created_ns = realtime_ns();
  // SYNC POINT: pairs with the acquire load of magic in other openers (wait_initialised).
  h->magic.store(layout::kGraphMagic, std::memory_order_release);
}

GraphSegment::GraphSegment(internal::MappedSegment mapping) : mapping_(std::move(mapping)) {
  auto* base = static_cast<uint8_t*>(mapping_.base());
  header_ = reinterpret_cast<layout::GraphHeader*>(base);
  nodes_ = reinterpret_cast<layout::NodeEntry*>(base + layout::kNodesOffset);
  endpoints_ = reinterpret_cast<layout::EndpointEntry*>(base + layout::kEndpointsOffset);
}

Result<GraphSegment*> GraphSegment::open(const std::string& domain) {
  Result<std::string> name = internal::graph_segment_name(domain);
  if (!name) return name.error();
  internal::SegmentSpec spec;
  spec.name = name.value();
  spec.size = layout::kGraphFileSize;
  spec.size_wait_ns = kInitWaitNs;
  spec.what = "graph registry";
  for (int attempt = 0; attempt < 3; ++attempt) {
    spec.mode = domain_mode(domain);
    // World-writable only when the domain's key segment (ours) is: then we made it so.
    spec.allow_world_writable = (spec.mode & S_IWOTH) != 0;
    Result<internal::MappedSegment> m = internal::open_or_create(spec);
    if (!m) return m.error();
    bool created = m.value().created();
    auto seg = std::unique_ptr<GraphSegment>(new GraphSegment(std::move(m).value()));
    if (created) {
      initialise_graph_header(seg->header_);
      return seg.release();
    }
    internal::InitWait w = wait_initialised(seg->header_);
    if (w == internal::InitWait::kCreatorGone) {
      internal::remove_segment(spec.name);  // unusable by anyone: replace it
      continue;
    }
    if (w == internal::InitWait::kTimedOut)
      return Error(DMXP_ERR_CORRUPT, "graph registry " + seg->path() + " was never initialised");
    if (Status s = validate_header(seg->header_, seg->path()); !s) return s.error();
    return seg.release();
  }
  return Error(DMXP_ERR_SYSTEM, "graph registry of domain '" + domain +
                                    "' keeps being abandoned by its creators while opened");
}

}  // namespace dmxp::rt::detail
