// domain.hpp - the per-domain segment: the ordered key sequence shared by all its channels,
// and the doorbell futex that waitsets sleep on.
#pragma once

#include <memory>
#include <string>

#include "segments/layout.hpp"
#include "platform/os.hpp"

namespace dmxp::detail {

class Domain {
 public:
  // Returns the process-wide handle of a domain, creating its segment on first use. An
  // existing segment must pass trust (its owner and mode), also when the handle is cached
  // from an open with other options; a segment this process created is its own.
  static int get(const std::string& name, uint32_t permissions, const SegmentTrust& trust,
                 std::shared_ptr<Domain>& out);

  // Takes count consecutive keys. Keys start at the creation time in ns, so a domain segment
  // that is removed and recreated still hands out keys larger than the ones it handed before.
  uint64_t take_keys(uint32_t count) {
    return header_->next_key.fetch_add(count, std::memory_order_seq_cst);
  }
  // Makes sure future keys exceed key (a channel that outlived its domain segment).
  void advance_past(uint64_t key);
  int ring_doorbell();  // returns how many waitsets it woke
  std::atomic<uint32_t>& doorbell() { return header_->doorbell; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  bool created_ = false;  // by this process
  struct stat stat_{};    // of the segment when this process opened it
  Mapping mapping_;
  layout::DomainHeader* header_ = nullptr;
};

}  // namespace dmxp::detail
