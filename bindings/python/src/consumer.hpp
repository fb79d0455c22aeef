// consumer.hpp - dmxp.Consumer and dmxp.Message, shared with the merge and waitset bindings.
#pragma once

#include <memory>

#include "handles.hpp"

namespace dmxp::py {

struct Consumer {
  std::shared_ptr<ConsumerHandle> c;

  ConsumerHandle& open() const {
    if (!c || c->closed) raise(DMXP_ERR_INVALID_ARGUMENT, "the consumer is closed");
    return *c;
  }
};

// A received message: a read-only view into the ring, valid until the next receive or
// release on its consumer (Message.valid); it keeps the consumer's mapping alive.
struct Message {
  std::shared_ptr<ConsumerHandle> c;
  uint64_t generation = 0;
  dmxp_message raw{};

  bool valid() const { return c && !c->closed && c->generation == generation; }
};

// Wraps the view the consumer just received (call after bumping its generation).
inline Message make_message(const std::shared_ptr<ConsumerHandle>& c, const dmxp_message& m) {
  return Message{c, c->generation, m};
}

}  // namespace dmxp::py
