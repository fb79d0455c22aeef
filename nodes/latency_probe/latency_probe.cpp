// latency_probe - measures publish-to-callback latency through a chain of nodes: it publishes
// dmxp_nodes_msgs/Probe messages stamped with CLOCK_MONOTONIC on "probe_out", receives them
// back (after any chain of relays) on "probe_in", and reports percentiles of (receive time -
// stamp) on "~/report" (dmxp_nodes_msgs/LatencyReport) and in its log.
//
// Parameters: rate_hz (100.0), report_period_s (1.0).
#include <dmxp_nodes_msgs/msg/LatencyReport.hpp>
#include <dmxp_nodes_msgs/msg/Probe.hpp>

#include <algorithm>
#include <vector>

#include "../common/stamp.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_nodes {

using dmxp_nodes_msgs::msg::LatencyReport;
using dmxp_nodes_msgs::msg::Probe;

class LatencyProbe : public dmxp::rt::Node {
 public:
  explicit LatencyProbe(const dmxp::rt::NodeOptions& o) : Node("latency_probe", o) {
    double rate = declare_parameter("rate_hz", 100.0);
    double period = declare_parameter("report_period_s", 1.0);
    out_ = create_publisher<Probe>("probe_out", dmxp::rt::QoS(64)).value();
    report_ = create_publisher<LatencyReport>("~/report", dmxp::rt::QoS(8)).value();
    in_ = create_subscription<Probe>("probe_in", dmxp::rt::QoS(64), [this](const Probe& p) {
      samples_.push_back(monotonic_ns() - p.stamp_ns);
      ++received_;
    }).value();
    send_ = create_timer(std::chrono::nanoseconds(int64_t(1e9 / rate)), [this] {
      auto p = out_.loan();
      if (!p) return;
      p->seq = sent_;
      p->stamp_ns = monotonic_ns();  // last: nothing but the commit follows
      if (out_.publish(std::move(p))) ++sent_;
    });
    tick_ = create_timer(std::chrono::nanoseconds(int64_t(period * 1e9)), [this] { report(); });
  }

 private:
  void report() {
    if (samples_.empty()) return;
    std::sort(samples_.begin(), samples_.end());
    auto pct = [&](double q) { return samples_[size_t(q * double(samples_.size() - 1))]; };
    auto r = report_.loan();
    if (!r) return;
    r->count = samples_.size();
    r->lost = sent_ - received_;
    r->p50_ns = pct(0.5);
    r->p90_ns = pct(0.9);
    r->p99_ns = pct(0.99);
    r->max_ns = samples_.back();
    logger().info("{} samples: p50 {} ns, p90 {} ns, p99 {} ns, max {} ns", r->count, r->p50_ns,
                  r->p90_ns, r->p99_ns, r->max_ns);
    report_.publish(std::move(r));
    samples_.clear();
  }

  uint64_t sent_ = 0, received_ = 0;
  std::vector<int64_t> samples_;
  dmxp::rt::Publisher<Probe> out_;
  dmxp::rt::Publisher<LatencyReport> report_;
  dmxp::rt::Subscription<Probe> in_;
  dmxp::rt::Timer send_, tick_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::LatencyProbe)
