#include "executor/waiter.hpp"

namespace dmxp::rt::detail {

Result<std::unique_ptr<Waiter>> Waiter::create(const std::string& domain, int64_t spin_ns) {
  std::unique_ptr<Waiter> w(new Waiter());
  w->domain_ = domain;
  w->spin_ns_ = spin_ns;
  if (int rc = dmxp_waitset_create(&w->waitset_)) return Error::last(rc);
  return w;
}

Waiter::~Waiter() { dmxp_waitset_destroy(waitset_); }

void Waiter::set_items(std::vector<std::shared_ptr<WaitItem>> items) {
  std::lock_guard lock(mu_);
  items_ = std::move(items);
  items_changed_ = true;
  dmxp_waitset_wake(waitset_);
}

void Waiter::finished(WaitItem* item) {
  std::lock_guard lock(mu_);
  item->in_flight = false;
  dmxp_waitset_wake(waitset_);
}

void Waiter::wake() {
  std::lock_guard lock(mu_);
  dmxp_waitset_wake(waitset_);
}

bool Waiter::rebuild_locked() {
  dmxp_waitset* fresh = nullptr;
  if (dmxp_waitset_create(&fresh) != DMXP_OK) return false;
  waited_.clear();
  for (const auto& item : items_) {
    if (item->entity->detached()) continue;
    if (dmxp_waitset_add(fresh, item->entity->consumer()) == DMXP_OK) waited_.push_back(item);
  }
  // A wake given to the old waitset since run() last checked its stop flag (set_items' own,
  // or begin_stop's between that check and this rebuild) dies with it: wake the fresh one,
  // so run() goes round once more and sees the stop flag. One spurious turn per rebuild.
  dmxp_waitset_destroy(waitset_);
  dmxp_waitset_wake(fresh);
  waitset_ = fresh;
  items_changed_ = false;
  return true;
}

void Waiter::run(const std::atomic<bool>& stop) {
  std::vector<uint8_t> ready;
  std::vector<WaitItem*> to_post;
  dmxp_waitset* ws = nullptr;
  while (!stop.load(std::memory_order_acquire)) {
    {
      std::lock_guard lock(mu_);
      if (items_changed_ && !rebuild_locked()) return;
      ws = waitset_;
      for (size_t i = 0; i < waited_.size(); ++i)
        dmxp_waitset_enable(ws, i, !waited_[i]->in_flight);
      ready.assign(waited_.size(), 0);
    }
    // Only this thread replaces waitset_, so ws stays valid while it waits unlocked.
    size_t count = 0;
    int rc = spin_ns_ < 0
                 ? dmxp_waitset_wait(ws, ready.data(), ready.size(), &count, DMXP_FOREVER)
                 : dmxp_waitset_wait_spin(ws, ready.data(), ready.size(), &count,
                                          DMXP_FOREVER, spin_ns_);
    if (rc != DMXP_OK || count == 0) continue;  // a wake, or a signal (EINTR)
    to_post.clear();
    {
      std::lock_guard lock(mu_);
      for (size_t i = 0; i < waited_.size(); ++i) {
        if (!ready[i] || waited_[i]->in_flight) continue;
        waited_[i]->in_flight = true;
        to_post.push_back(waited_[i].get());
      }
    }
    // Drained here: idle again at once (no other thread saw them in flight, no wake needed).
    size_t posted = 0;
    for (WaitItem* item : to_post) {
      if (!stop.load(std::memory_order_acquire) && item->drain_here && item->drain_here(item)) {
        std::lock_guard lock(mu_);
        item->in_flight = false;
      } else {
        to_post[posted++] = item;
      }
    }
    to_post.resize(posted);
    if (stop.load(std::memory_order_acquire)) {
      // Posted nothing yet: give the marks back so a later spin waits on them again.
      std::lock_guard lock(mu_);
      for (WaitItem* item : to_post) item->in_flight = false;
      break;
    }
    for (WaitItem* item : to_post) item->post(item);
  }
}

}  // namespace dmxp::rt::detail
