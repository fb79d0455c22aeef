// launch_test_node - the node the launch tests start through dmxp-launch. It prints what it
// received from the launcher (its full name, parameters, where its "out" topic was
// remapped to, one environment variable) on one line, then publishes Probe messages on
// "out" whose 48 payload bytes are a pattern derived from the sequence number, so a reader
// can check every message whole and in order. Parameters:
//   greeting (string), count (int), gains (double[]), nested.level (int)  printed only
//   rate_hz (1000)                   publishing rate
//   exit_after_s (0: never)          then exit with exit_code (int, 0)
//   advertise_delay_s (0)            wait this long before creating the publisher
#include <dmxp_nodes_msgs/msg/Probe.hpp>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "dmxp/rt/rt.hpp"
#include "probe_pattern.hpp"

using dmxp_nodes_msgs::msg::Probe;

int main(int argc, char** argv) {
  dmxp::rt::init(argc, argv);
  auto node = std::make_shared<dmxp::rt::Node>("launch_test_node");
  std::string greeting = node->declare_parameter("greeting", std::string());
  int64_t count = node->declare_parameter("count", int64_t(0));
  auto gains = node->declare_parameter("gains", std::vector<double>{});
  int64_t level = node->declare_parameter("nested.level", int64_t(0));
  double rate = node->declare_parameter("rate_hz", 1000.0);
  double exit_after = node->declare_parameter("exit_after_s", 0.0);
  int exit_code = int(node->declare_parameter("exit_code", int64_t(0)));
  double advertise_delay = node->declare_parameter("advertise_delay_s", 0.0);
  std::this_thread::sleep_for(std::chrono::duration<double>(advertise_delay));
  auto pub = node->create_publisher<Probe>("out", dmxp::rt::QoS(1024).transient_local()).value();

  std::string g;
  for (double v : gains) g += (g.empty() ? "" : ",") + std::to_string(v).substr(0, 4);
  const char* env = std::getenv("LAUNCH_TEST_ENV");
  std::printf("node=%s greeting=%s count=%lld gains=[%s] level=%lld out=%s env=%s\n",
              node->get_fully_qualified_name().c_str(), greeting.c_str(), (long long)count, g.c_str(),
              (long long)level, pub.topic_name().c_str(), env ? env : "-");
  std::fflush(stdout);

  uint64_t seq = 0;
  auto tick = node->create_timer(std::chrono::nanoseconds(int64_t(1e9 / rate)), [&] {
    auto m = pub.loan();
    if (!m) return;
    m->seq = seq;
    launch_test::fill_pattern(m->seq, m->pad.data(), m->pad.size());
    if (pub.publish(std::move(m))) ++seq;
  });
  dmxp::rt::SingleThreadedExecutor exec;
  exec.add_node(node);
  dmxp::rt::Timer stop;
  if (exit_after > 0)
    stop = node->create_timer(std::chrono::nanoseconds(int64_t(exit_after * 1e9)), [&] { exec.cancel(); });
  exec.spin();
  std::printf("stopping after %llu messages\n", (unsigned long long)seq);
  std::fflush(stdout);
  return exit_after > 0 ? exit_code : 0;
}
