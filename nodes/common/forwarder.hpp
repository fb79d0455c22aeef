// forwarder.hpp - the common part of relay and throttle: forward the messages of one topic to
// another, whatever their type. The input topic may not exist yet when the node starts; the
// node looks for it every 100 ms and takes its type (generic.hpp) once it appears.
#pragma once

#include <functional>
#include <span>
#include <string>

#include "dmxp/rt/generic.hpp"

namespace dmxp_nodes {

class Forwarder {
 public:
  // accept(bytes) decides per message whether to forward it.
  using Filter = std::function<bool(std::span<const std::byte>)>;
  Forwarder(dmxp::rt::Node& node, std::string input, std::string output, dmxp::rt::QoS qos, Filter accept);
  uint64_t forwarded() const { return forwarded_; }

 private:
  void try_connect();
  dmxp::rt::Node& node_;
  std::string input_, output_;
  dmxp::rt::QoS qos_;
  Filter accept_;
  uint64_t forwarded_ = 0;
  dmxp::rt::GenericPublisher pub_;
  dmxp::rt::GenericSubscription sub_;
  dmxp::rt::Timer retry_;
};

}  // namespace dmxp_nodes
