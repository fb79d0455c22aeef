// waiter.hpp - the thread of an executor that sleeps until a channel of one domain has data.
//
// It waits in one dmxp waitset over the consumers of its items, kept across deliveries. A
// ready item is drained right here when drain_here allows (a single-threaded executor with no
// callback running); otherwise it is marked in flight, disabled in the waitset (dmxp_waitset_enable) and handed to
// post(); finished(item) marks it idle again and wakes the waitset (dmxp_waitset_wake, a
// syscall only when the waiter sleeps), which enables it before the next sleep. The waitset
// is rebuilt only when the item set changes. The mutex hand-off (in flight -> finished)
// orders every access to a consumer: the waiter reads its cursor only while no drain runs, a
// drain only while the waiter leaves it alone.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/detail/entity.hpp"

namespace dmxp::rt::detail {

struct WaitItem {
  std::shared_ptr<Entity> entity;
  std::function<void(WaitItem*)> post;  // schedules entity->drain, then Waiter::finished
  // Drains on the calling (waiter) thread if that is allowed now; false: post instead.
  std::function<bool(WaitItem*)> drain_here;
  bool in_flight = false;               // guarded by the waiter's mutex
};

class Waiter {
 public:
  // spin_ns: how long a wait polls before it sleeps (ExecutorOptions::spin), -1: the
  // waitset's default.
  static Result<std::unique_ptr<Waiter>> create(const std::string& domain, int64_t spin_ns);
  ~Waiter();

  void set_items(std::vector<std::shared_ptr<WaitItem>> items);
  void finished(WaitItem* item);
  // Thread body: returns once stop is true (wake() after setting it).
  void run(const std::atomic<bool>& stop);
  void wake();
  const std::string& domain() const { return domain_; }

 private:
  Waiter() = default;
  // Under mu_: a new waitset over items_ when they changed.
  bool rebuild_locked();

  std::string domain_;
  int64_t spin_ns_ = -1;
  std::mutex mu_;
  dmxp_waitset* waitset_ = nullptr;               // replaced only by run(), under mu_
  std::vector<std::shared_ptr<WaitItem>> items_;  // what set_items gave
  std::vector<std::shared_ptr<WaitItem>> waited_; // in waitset_, in add order (kept alive)
  bool items_changed_ = true;
};

}  // namespace dmxp::rt::detail
