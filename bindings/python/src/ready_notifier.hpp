// ready_notifier.hpp - tells an event loop that a consumer has data, through a file
// descriptor: what `await sub.receive()` waits on (asyncio's loop.add_reader), so an asyncio
// program consumes topics on its loop thread without a Python thread of its own.
//
// One C++ thread per notifier sleeps in a dmxp waitset over the consumer while armed (no CPU
// while idle) and, when the consumer has data, disarms itself and makes fd() readable (an
// eventfd). The consumer belongs to the thread that receives from it: the notifier only
// looks at it while armed, and disarm() returns once it no longer does, so
//   arm(); <fd readable>; [disarm();] receive
// never touches the consumer from two threads at once.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "dmxp/dmxp.h"

namespace dmxp::py {

class ReadyNotifier {
 public:
  // DMXP_ERR_RESOURCE (errno in the message) when the eventfd or waitset cannot be made.
  explicit ReadyNotifier(dmxp_consumer* consumer);
  ~ReadyNotifier();  // stops and joins the thread; call without the GIL
  ReadyNotifier(const ReadyNotifier&) = delete;
  ReadyNotifier& operator=(const ReadyNotifier&) = delete;

  int fd() const { return fd_; }
  // Watch the consumer until it has data (at once when it has some already).
  void arm();
  // Stop watching; returns once the thread no longer reads the consumer (call without the
  // GIL). Cheap when not armed.
  void disarm();
  // Empties the eventfd (after the loop saw it readable).
  void clear();

 private:
  void run();

  int fd_ = -1;
  dmxp_waitset* waitset_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  bool armed_ = false, watching_ = false, stop_ = false;
  std::thread thread_;
};

}  // namespace dmxp::py
