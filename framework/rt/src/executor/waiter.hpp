// waiter.hpp - the thread of an executor that sleeps until a channel of one domain has data.
//
// It waits in a dmxp waitset over the consumers of the items that are idle, plus a private
// wake-up channel ("x.<pid>.<n>", channel_names.hpp) that other threads send a byte to when
// the item set changed, an item became idle again, or the executor stops. A ready item is
// marked in flight and handed to post(); until finished(item) it is left out of the waitset.
// The mutex hand-off (in flight -> finished) orders every access to a consumer: the waiter
// reads its cursor only while no drain runs, a drain only while the waiter leaves it alone.
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
  bool in_flight = false;               // guarded by the waiter's mutex
};

class Waiter {
 public:
  static Result<std::unique_ptr<Waiter>> create(const std::string& domain);
  ~Waiter();  // closes and removes the wake-up channel

  void set_items(std::vector<std::shared_ptr<WaitItem>> items);
  void finished(WaitItem* item);
  // Thread body: returns once stop is true (wake() after setting it).
  void run(const std::atomic<bool>& stop);
  void wake();
  const std::string& domain() const { return domain_; }

 private:
  Waiter() = default;
  std::string domain_;
  std::string wake_name_;
  dmxp_producer* wake_producer_ = nullptr;
  dmxp_consumer* wake_consumer_ = nullptr;
  std::mutex wake_mu_;  // the wake producer is used by many threads, one at a time

  std::mutex mu_;
  std::vector<std::shared_ptr<WaitItem>> items_;
  bool dirty_ = true;
};

}  // namespace dmxp::rt::detail
