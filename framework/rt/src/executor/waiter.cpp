#include "executor/waiter.hpp"

#include <unistd.h>

#include "dmxp/rt/channel_names.hpp"

namespace dmxp::rt::detail {

Result<std::unique_ptr<Waiter>> Waiter::create(const std::string& domain) {
  static std::atomic<uint64_t> counter{0};
  std::unique_ptr<Waiter> w(new Waiter());
  w->domain_ = domain;
  w->wake_name_ = internal_channel_name(getpid(), counter.fetch_add(1));
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = domain.c_str();
  o.mode = DMXP_MODE_BROADCAST;
  o.backpressure = DMXP_KEEP_LAST;  // a wake-up never blocks its sender
  o.capacity = 2;
  o.slot_size = 8;
  o.max_consumers = 2;
  dmxp_consumer_options co;
  dmxp_consumer_options_init(&co);
  co.start = DMXP_START_NEWEST;
  if (int rc = dmxp_producer_open(w->wake_name_.c_str(), &o, &w->wake_producer_))
    return Error::last(rc);
  if (int rc = dmxp_consumer_open(w->wake_name_.c_str(), &o, &co, &w->wake_consumer_))
    return Error::last(rc);
  return w;
}

Waiter::~Waiter() {
  dmxp_consumer_close(wake_consumer_);
  dmxp_producer_close(wake_producer_);
  if (!wake_name_.empty()) dmxp_channel_remove(domain_.c_str(), wake_name_.c_str());
}

void Waiter::set_items(std::vector<std::shared_ptr<WaitItem>> items) {
  {
    std::lock_guard lock(mu_);
    items_ = std::move(items);
    dirty_ = true;
  }
  wake();
}

void Waiter::finished(WaitItem* item) {
  {
    std::lock_guard lock(mu_);
    item->in_flight = false;
    dirty_ = true;
  }
  wake();
}

void Waiter::wake() {
  std::lock_guard lock(wake_mu_);
  uint8_t b = 1;
  dmxp_producer_send(wake_producer_, &b, 1, 0, nullptr);
}

void Waiter::run(const std::atomic<bool>& stop) {
  struct WaitsetDeleter { void operator()(dmxp_waitset* w) const { dmxp_waitset_destroy(w); } };
  std::unique_ptr<dmxp_waitset, WaitsetDeleter> ws;
  std::vector<std::shared_ptr<WaitItem>> waited;  // items in ws, in add order (kept alive)
  std::vector<uint8_t> ready;
  std::vector<WaitItem*> to_post;
  while (!stop.load(std::memory_order_acquire)) {
    {
      std::lock_guard lock(mu_);
      if (dirty_ || !ws) {
        dmxp_waitset* raw = nullptr;
        if (dmxp_waitset_create(&raw) != DMXP_OK) return;
        ws.reset(raw);
        waited.clear();
        for (const auto& item : items_) {
          if (item->in_flight || item->entity->detached()) continue;
          if (dmxp_waitset_add(raw, item->entity->consumer()) == DMXP_OK) waited.push_back(item);
        }
        dmxp_waitset_add(raw, wake_consumer_);
        ready.assign(waited.size() + 1, 0);
        dirty_ = false;
      }
    }
    size_t count = 0;
    int rc = dmxp_waitset_wait(ws.get(), ready.data(), ready.size(), &count, DMXP_FOREVER);
    if (rc != DMXP_OK) continue;  // a signal (EINTR): look at the stop flag again
    if (ready.back()) {
      dmxp_message m;
      while (dmxp_consumer_try_receive(wake_consumer_, &m) == DMXP_OK) {}
      dmxp_consumer_release(wake_consumer_);
    }
    to_post.clear();
    {
      std::lock_guard lock(mu_);
      for (size_t i = 0; i < waited.size(); ++i) {
        if (!ready[i] || waited[i]->in_flight) continue;
        waited[i]->in_flight = true;
        dirty_ = true;
        to_post.push_back(waited[i].get());
      }
    }
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
