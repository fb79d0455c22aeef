// lifecycle_manager.hpp - drives the graph's managed nodes (lifecycle: true) through their
// lifecycle services (framework/rt lifecycle_client.hpp), as a ROS 2 lifecycle manager does:
// configure them all, then activate them all; when the graph stops, deactivate, clean up and
// shut down, in reverse order. It runs on a thread of its own: each service call may wait up
// to the timeout (a node's callback runs inside it), and the supervisor's loop keeps serving
// output and signals meanwhile.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dmxp::launch {

class LifecycleManager {
 public:
  // note: a line for the launcher's output; called on the manager's thread.
  using Note = std::function<void(const std::string&)>;
  LifecycleManager(std::string domain, double timeout_s, Note note);
  // Finishes the job under way (each call ends within the timeout), drops the rest, joins.
  ~LifecycleManager();
  LifecycleManager(const LifecycleManager&) = delete;
  LifecycleManager& operator=(const LifecycleManager&) = delete;

  // Waits for each node to answer, configures every node still unconfigured, then activates
  // every inactive one, in the given order. done(error) on the manager's thread: error is
  // empty when all ended active, else says which node failed how (the rest are left).
  void bring_up(std::vector<std::string> nodes, std::function<void(const std::string& error)> done);
  // Stops a bring-up under way after its current call; then, in reverse order, deactivates the
  // active nodes, cleans up the inactive ones and shuts every one down. A node that does not
  // answer is left as it is (noted). done() on the manager's thread.
  void bring_down(std::vector<std::string> nodes, std::function<void()> done);
  // Stops the job under way after its current call and drops later ones (a second Ctrl-C).
  void abandon();

 private:
  void run();
  void post(std::function<void()> job);
  bool interrupted() const { return interrupt_.load() || abandoned_.load(); }

  std::string domain_;
  double timeout_s_;
  Note note_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool closing_ = false;
  std::atomic<bool> interrupt_{false};  // a bring-down is waiting: bring-ups stop
  std::atomic<bool> abandoned_{false};
  std::thread thread_;
};

}  // namespace dmxp::launch
