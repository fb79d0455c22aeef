#include "graph/graph_segment.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "dmxp/rt/graph.hpp"
#include "node/process.hpp"

namespace dmxp::rt::detail {
namespace {

constexpr uint64_t kInitWaitNs = 2'000'000'000;  // how long an opener waits for the creator

Error sys_error(const std::string& what, const std::string& path, int err) {
  int code = err == EACCES || err == EPERM ? DMXP_ERR_PERMISSION
             : err == ENOSPC || err == ENOMEM ? DMXP_ERR_RESOURCE
                                              : DMXP_ERR_SYSTEM;
  return Error(code, what + " " + path + ": " + std::strerror(err));
}

// New registries take the mode of the domain's key segment, so a domain shared by a group
// (0660) gets a registry the group can write too.
mode_t domain_mode(const std::string& domain) {
  struct stat st{};
  std::string keys = "/dev/shm/dmxp." + domain + ".keys";
  if (stat(keys.c_str(), &st) == 0) return st.st_mode & 0777;
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

}  // namespace

Status validate_domain(const std::string& domain) {
  bool ok = !domain.empty() && domain.size() <= 32;
  for (char c : domain)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-');
  if (!ok)
    return Error(DMXP_ERR_INVALID_ARGUMENT, "domain '" + domain + "' is invalid: 1 to 32 "
                                            "characters of [A-Za-z0-9_-]");
  return Unit{};
}

Result<GraphSegment*> GraphSegment::open(const std::string& domain) {
  if (Status s = validate_domain(domain); !s) return s.error();
  std::string name = "/" + GraphRegistry::segment_name(domain);
  std::string path = "/dev/shm" + name;
  for (int attempt = 0; attempt < 3; ++attempt) {
    bool created = true;
    mode_t mode = domain_mode(domain);
    int fd = shm_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno == EEXIST) {
      created = false;
      fd = shm_open(name.c_str(), O_RDWR | O_CLOEXEC, 0);
      if (fd < 0 && errno == ENOENT) continue;  // removed in between: create it
    }
    if (fd < 0) return sys_error("cannot open graph registry", path, errno);
    if (created) {
      fchmod(fd, mode);  // the umask must not narrow a group's mode
      if (int err = posix_fallocate(fd, 0, off_t(layout::kGraphFileSize)); err != 0) {
        close(fd);
        shm_unlink(name.c_str());
        return sys_error("cannot size graph registry", path, err);
      }
    } else {
      // The creator may be between shm_open and posix_fallocate.
      uint64_t deadline = monotonic_ns() + kInitWaitNs;
      struct stat st{};
      while (fstat(fd, &st) == 0 && uint64_t(st.st_size) < layout::kGraphFileSize &&
             monotonic_ns() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (uint64_t(st.st_size) != layout::kGraphFileSize) {
        close(fd);
        return Error(DMXP_ERR_CORRUPT, "graph registry " + path + " has size " +
                                           std::to_string(st.st_size) + ", expected " +
                                           std::to_string(layout::kGraphFileSize) +
                                           "; remove it when no node runs in the domain");
      }
    }
    void* base = mmap(nullptr, layout::kGraphFileSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int map_err = errno;
    close(fd);
    if (base == MAP_FAILED) return sys_error("cannot map graph registry", path, map_err);
    auto* seg = new GraphSegment();
    seg->base_ = base;
    seg->size_ = layout::kGraphFileSize;
    seg->path_ = path;
    seg->header_ = static_cast<layout::GraphHeader*>(base);
    seg->nodes_ = reinterpret_cast<layout::NodeEntry*>(static_cast<uint8_t*>(base) + layout::kNodesOffset);
    seg->endpoints_ = reinterpret_cast<layout::EndpointEntry*>(static_cast<uint8_t*>(base) +
                                                              layout::kEndpointsOffset);
    layout::GraphHeader* h = seg->header_;
    if (created) {
      // The pages are zero: every entry is free with incarnation 0.
      h->version = layout::kGraphVersion;
      h->header_size = sizeof(layout::GraphHeader);
      h->node_capacity = layout::kNodeCapacity;
      h->node_entry_size = sizeof(layout::NodeEntry);
      h->endpoint_capacity = layout::kEndpointCapacity;
      h->endpoint_entry_size = sizeof(layout::EndpointEntry);
      h->nodes_offset = layout::kNodesOffset;
      h->endpoints_offset = layout::kEndpointsOffset;
      h->file_size = layout::kGraphFileSize;
      h->creator_pid = getpid();
      h->created_ns = realtime_ns();
      // SYNC POINT: pairs with the acquire load of magic below in other openers.
      h->magic.store(layout::kGraphMagic, std::memory_order_release);
      return seg;
    }
    uint64_t deadline = monotonic_ns() + kInitWaitNs;
    while (h->magic.load(std::memory_order_acquire) != layout::kGraphMagic &&
           monotonic_ns() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (h->magic.load(std::memory_order_acquire) != layout::kGraphMagic) {
      int creator = h->creator_pid;
      delete seg;
      // A creator that died before finishing leaves an unusable segment: replace it.
      if (creator == 0 || !process_alive(creator, 0)) {
        shm_unlink(name.c_str());
        continue;
      }
      return Error(DMXP_ERR_CORRUPT, "graph registry " + path + " was never initialised");
    }
    if (Status s = validate_header(h, path); !s) {
      delete seg;
      return s.error();
    }
    return seg;
  }
  return Error(DMXP_ERR_SYSTEM, "graph registry " + path + " keeps disappearing while opened");
}

GraphSegment::~GraphSegment() {
  if (base_) munmap(base_, size_);
}

}  // namespace dmxp::rt::detail
