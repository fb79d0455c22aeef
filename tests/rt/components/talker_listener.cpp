// Two components for the container tests: a talker publishing a Sample every millisecond,
// and a listener that checks each one (checksum, consecutive seq) and publishes how many
// intact, in-order ones it heard on "heard" (std_msgs/UInt64; 0 after any bad one).
#include <std_msgs/msg/UInt64.hpp>
#include <unistd.h>

#include "dmxp/rt/component.hpp"
#include "sample.hpp"

namespace rt_test {

class Talker : public dmxp::rt::Node {
 public:
  explicit Talker(const dmxp::rt::NodeOptions& o) : Node("talker", o) {
    pub_ = create_publisher<Sample>("chatter", dmxp::rt::QoS(64)).value();
    timer_ = create_timer(std::chrono::milliseconds(1), [this] {
      auto m = pub_.loan();
      if (!m) return;
      fill_sample(*m, seq_, uint32_t(getpid()));
      if (pub_.publish(std::move(m))) ++seq_;
    });
  }

 private:
  uint64_t seq_ = 0;
  dmxp::rt::Publisher<Sample> pub_;
  dmxp::rt::Timer timer_;
};

class Listener : public dmxp::rt::Node {
 public:
  explicit Listener(const dmxp::rt::NodeOptions& o) : Node("listener", o) {
    heard_ = create_publisher<std_msgs::msg::UInt64>("heard", dmxp::rt::QoS(4).best_effort()).value();
    sub_ = create_subscription<Sample>("chatter", dmxp::rt::QoS(64), [this](const Sample& s) {
      if (!started_) { expected_ = s.seq; started_ = true; }  // volatile: joined mid-stream
      if (!sample_ok(s) || s.seq != expected_) bad_ = true;
      expected_ = s.seq + 1;
      if (!bad_) ++good_;
      std_msgs::msg::UInt64 n;
      n.data = bad_ ? 0 : good_;
      heard_.publish(n);
    }).value();
  }

 private:
  uint64_t expected_ = 0, good_ = 0;
  bool bad_ = false, started_ = false;
  dmxp::rt::Publisher<std_msgs::msg::UInt64> heard_;
  dmxp::rt::Subscription<Sample> sub_;
};

}  // namespace rt_test

DMXP_REGISTER_COMPONENT(rt_test::Talker)
DMXP_REGISTER_COMPONENT(rt_test::Listener)
