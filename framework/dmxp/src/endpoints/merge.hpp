// merge.hpp - a k-way merge of several BROADCAST consumers in key order (for recorders).
// Each source holds at most one pending view; the smallest key is handed out next.
// Order is exact over committed messages. A message claimed before but committed after one
// already handed out can arrive "late"; it is still delivered, and counted in late().
#pragma once

#include <vector>

#include "endpoints/consumer.hpp"

namespace dmxp::detail {

class Merge {
 public:
  int init(Consumer* const* consumers, size_t count);
  int next(dmxp_message* out, size_t* source);
  uint64_t late() const { return late_; }

 private:
  struct Source {
    Consumer* consumer;
    dmxp_message pending;
    bool has_pending;
    bool delivered;  // its pending view was handed out: fetch the next on the next call
  };
  std::vector<Source> sources_;
  uint64_t last_key_ = 0;
  uint64_t late_ = 0;
};

}  // namespace dmxp::detail
