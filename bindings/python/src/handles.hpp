// handles.hpp - the C handles behind dmxp.Producer and dmxp.Consumer, shared (shared_ptr)
// with every object that points into their mapping: a Loan, a Message, a memoryview or numpy
// array made from one. The C handle is closed when the last of them is gone, so Python code
// can never read unmapped memory, whatever it keeps.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "dmxp/dmxp.h"
#include "errors.hpp"

namespace dmxp::py {

// dmxp.h handles belong to one thread at a time; Python threads sharing one object get
// dmxp.BusyError instead of undefined behaviour.
class UseGuard {
 public:
  UseGuard(std::atomic<bool>& in_use, const char* what) : in_use_(in_use) {
    if (in_use_.exchange(true, std::memory_order_acquire))
      raise(DMXP_ERR_BUSY, std::string(what) +
                               " is in use by another thread; open one per thread (they are cheap)");
  }
  ~UseGuard() { in_use_.store(false, std::memory_order_release); }
  UseGuard(const UseGuard&) = delete;
  UseGuard& operator=(const UseGuard&) = delete;

 private:
  std::atomic<bool>& in_use_;
};

struct ProducerHandle {
  dmxp_producer* h = nullptr;
  std::string channel;
  std::atomic<bool> in_use{false};
  bool loaned = false;  // a Loan or BatchLoan is open
  ~ProducerHandle() { dmxp_producer_close(h); }
};

struct ConsumerHandle {
  dmxp_consumer* h = nullptr;
  std::string channel;
  std::atomic<bool> in_use{false};
  // Bumped by every receive and release: a Message remembers the generation it came from
  // and is valid while they are equal (the lifetime rule of dmxp.h).
  uint64_t generation = 0;
  bool closed = false;
  ~ConsumerHandle() { dmxp_consumer_close(h); }
};

}  // namespace dmxp::py
