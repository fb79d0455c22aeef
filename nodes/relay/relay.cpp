// relay - republishes every message of one topic on another, whatever its type (one copy per
// message; to rename a topic without a copy, remap it instead).
//
// Parameters: input ("in"), output ("out"), reliable (true), depth (16).
#include "../common/forwarder.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_nodes {

class Relay : public dmxp::rt::Node {
 public:
  explicit Relay(const dmxp::rt::NodeOptions& o) : Node("relay", o) {
    dmxp::rt::QoS qos(uint32_t(declare_parameter("depth", int64_t(16))));
    if (!declare_parameter("reliable", true)) qos.best_effort();
    forwarder_ = std::make_unique<Forwarder>(*this, declare_parameter("input", std::string("in")),
                                             declare_parameter("output", std::string("out")), qos,
                                             nullptr);
  }

 private:
  std::unique_ptr<Forwarder> forwarder_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::Relay)
