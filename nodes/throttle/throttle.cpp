// throttle - forwards at most rate_hz messages a second from one topic to another, whatever
// their type; the rest are dropped. A message is forwarded when at least 1/rate_hz passed
// since the last forwarded one (by the subscriber's steady clock).
//
// Parameters: input ("in"), output ("out"), rate_hz (10.0, changeable at runtime, > 0).
#include "../common/forwarder.hpp"
#include "../common/stamp.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_nodes {

class Throttle : public dmxp::rt::Node {
 public:
  explicit Throttle(const dmxp::rt::NodeOptions& o) : Node("throttle", o) {
    set_rate(declare_parameter("rate_hz", 10.0));
    add_on_set_parameters_callback([](const std::vector<dmxp::rt::Parameter>& ps) {
      for (const auto& p : ps)
        if (p.name == "rate_hz" && !(p.value.get<double>() > 0))
          return dmxp::rt::SetParametersResult{false, "rate_hz must be positive"};
      return dmxp::rt::SetParametersResult{};
    });
    parameters().add_on_changed([this](const std::vector<dmxp::rt::Parameter>& ps) {
      for (const auto& p : ps)
        if (p.name == "rate_hz") set_rate(p.value.get<double>());
    });
    forwarder_ = std::make_unique<Forwarder>(
        *this, declare_parameter("input", std::string("in")),
        declare_parameter("output", std::string("out")), dmxp::rt::QoS(16).best_effort(),
        [this](std::span<const std::byte>) {
          int64_t now = monotonic_ns();
          if (last_ns_ != 0 && now - last_ns_ < min_gap_ns_.load()) return false;
          last_ns_ = now;
          return true;
        });
  }

 private:
  void set_rate(double hz) { min_gap_ns_ = int64_t(1e9 / hz); }
  std::atomic<int64_t> min_gap_ns_{0};
  int64_t last_ns_ = 0;
  std::unique_ptr<Forwarder> forwarder_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::Throttle)
