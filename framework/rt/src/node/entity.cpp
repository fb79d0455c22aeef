#include "dmxp/rt/extension.hpp"

#include <spdlog/logger.h>

namespace dmxp::rt {

void Entity::wait_idle() {
  if (runner_.load(std::memory_order_relaxed) == std::this_thread::get_id()) return;
  std::lock_guard lock(run_mu_);  // a running callback holds it
}

void Entity::report_exception(const char* what) const {
  node_->logger().error("a callback threw (ignored): {}", what);
}

void Entity::detach() {
  if (detached_.exchange(true, std::memory_order_acq_rel)) return;
  wait_idle();
  node_->remove_entity(this);
  on_detach();
}

}  // namespace dmxp::rt
