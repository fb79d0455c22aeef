#include "segments/domain.hpp"

#include <map>
#include <mutex>

#include "platform/error.hpp"
#include "segments/names.hpp"
#include "segments/segment.hpp"

namespace dmxp::detail {
namespace {
constexpr int64_t kInitWaitNs = 1'000'000'000;  // for a creator to size and initialise it
std::mutex g_domains_mutex;
std::map<std::string, std::weak_ptr<Domain>>& domains() {
  static auto* map = new std::map<std::string, std::weak_ptr<Domain>>();
  return *map;
}

int validate_domain(const Mapping& m, const std::string& path) {
  auto* h = static_cast<layout::DomainHeader*>(m.base);
  // The creator may still be initialising: give it a moment.
  internal::wait_for_init(
      [h] { return h->init_state.load(std::memory_order_acquire) == layout::kReady; },
      [] { return 0; }, kInitWaitNs);
  if (h->init_state.load(std::memory_order_acquire) != layout::kReady ||
      h->magic != layout::kDomainMagic || h->abi_version != layout::kAbiVersion)
    return fail(DMXP_ERR_CORRUPT, "domain segment %s has a bad magic, ABI version or "
                "never finished initialising; remove it if no DMXP process runs", path.c_str());
  return DMXP_OK;
}
}  // namespace

int Domain::get(const std::string& name, uint32_t permissions, const SegmentTrust& trust,
                std::shared_ptr<Domain>& out) {
  if (int rc = validate_domain_name(name); rc != DMXP_OK) return rc;
  std::string path;
  if (int rc = segment_path(domain_segment_name(name), path); rc != DMXP_OK) return rc;
  std::lock_guard lock(g_domains_mutex);
  // By path: a process that changes DMXP_SHM_DIR (tests do) meets another domain segment.
  auto& slot = domains()[path];
  if (auto existing = slot.lock()) {
    if (!existing->created_) {
      int rc = check_segment_trust(existing->stat_, path, trust);
      if (rc != DMXP_OK) return rc;
    }
    out = existing;
    return DMXP_OK;
  }

  auto domain = std::shared_ptr<Domain>(new Domain());
  domain->name_ = name;
  SegmentRequest request{path, sizeof(layout::DomainHeader), permissions, trust, kInitWaitNs,
                         "domain segment"};
  int rc = open_or_create_segment(request, domain->mapping_, domain->created_, &domain->stat_);
  if (rc != DMXP_OK) return rc;
  if (domain->created_) {
    auto* h = static_cast<layout::DomainHeader*>(domain->mapping_.base);
    h->magic = layout::kDomainMagic;
    h->abi_version = layout::kAbiVersion;
    h->next_key.store(realtime_ns(), std::memory_order_relaxed);
    h->init_state.store(layout::kReady, std::memory_order_release);  // SYNC POINT: readers acquire
  } else if ((rc = validate_domain(domain->mapping_, path)) != DMXP_OK) {
    return rc;
  }
  domain->header_ = static_cast<layout::DomainHeader*>(domain->mapping_.base);
  slot = domain;
  out = std::move(domain);
  return DMXP_OK;
}

void Domain::advance_past(uint64_t key) {
  // A key this close to the end can only come from a corrupt channel; following it would
  // wrap the sequence for every channel of the domain.
  if (key >= UINT64_MAX - (uint64_t(1) << 40)) return;
  uint64_t current = header_->next_key.load(std::memory_order_relaxed);
  while (current <= key &&
         !header_->next_key.compare_exchange_weak(current, key + 1, std::memory_order_seq_cst)) {
  }
}

int Domain::ring_doorbell() {
  header_->doorbell.fetch_add(1, std::memory_order_seq_cst);
  return futex_wake_all(&header_->doorbell);
}

}  // namespace dmxp::detail
