// cli_test_talker - the live publisher the CLI process tests observe: a node "/cli_talker"
// publishing standard messages whose every field is a known function of the message index i
// (tests/cli/process/expected.py computes the same values), with a parameter "gain".
//
//   cli_test_talker --topic /pose --type pose --count 50 --rate 100 [--best-effort] [--depth N]
//                   [--wait-consumers N] [--linger]
//   types: int32 (data = i), string ("hello <i>"), pose (PoseStamped), scan (LaserScan)
// --wait-consumers N: publish only once the channel has N consumers (so observers see all).
// --linger: after the last message, keep spinning (for node/param tests) until SIGTERM.
// Prints "ready" when the publisher exists and "done <count>" when it has published.
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <geometry_msgs/msg/PoseStamped.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <std_msgs/msg/Int32.hpp>
#include <std_msgs/msg/String.hpp>

#include "dmxp/rt/rt.hpp"

namespace {

struct Options {
  std::string topic = "/talk", type = "int32";
  long count = 10;
  double rate = 100;
  bool best_effort = false, linger = false;
  uint32_t depth = 64, wait_consumers = 0;
};

void fill(std_msgs::msg::Int32& m, long i) { m.data = int32_t(i); }
void fill(std_msgs::msg::String& m, long i) { m.data = "hello " + std::to_string(i); }
void fill(geometry_msgs::msg::PoseStamped& m, long i) {
  m.header.stamp.sec = int32_t(i);
  m.header.stamp.nanosec = uint32_t(i * 10);
  m.header.frame_id = "map";
  m.pose.position.x = double(i) * 0.5;
  m.pose.position.y = -double(i);
  m.pose.position.z = 0.25;
  m.pose.orientation.w = 1.0;
}
void fill(sensor_msgs::msg::LaserScan& m, long i) {
  m.header.stamp.sec = int32_t(i);
  m.header.frame_id = "laser";
  m.angle_min = -1.5f;
  m.angle_max = 1.5f;
  for (int k = 0; k < 8; ++k) m.ranges.push_back(float(i) + float(k) * 0.25f);
}

void wait_consumers(const dmxp::rt::Node& node, const std::string& topic, uint32_t n) {
  std::string channel = "t." + topic.substr(1);
  for (;;) {
    dmxp_channel_info info;
    if (dmxp_channel_info_get(node.domain().c_str(), channel.c_str(), &info) == DMXP_OK && info.consumers >= n) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

template <class T>
int run(const Options& o, const std::shared_ptr<dmxp::rt::Node>& node) {
  dmxp::rt::QoS qos(o.depth);
  if (o.best_effort) qos.best_effort();
  qos.max_blocking_time(std::chrono::seconds(10));
  auto pub = node->create_publisher<T>(o.topic, qos).value();
  std::printf("ready\n");
  std::fflush(stdout);
  if (o.wait_consumers) wait_consumers(*node, o.topic, o.wait_consumers);
  auto period = std::chrono::nanoseconds(o.rate > 0 ? int64_t(1e9 / o.rate) : 0);
  auto next = std::chrono::steady_clock::now();
  for (long i = 0; i < o.count; ++i) {
    T m{};
    fill(m, i);
    if (!pub.publish(m).ok()) { std::fprintf(stderr, "talker: publish %ld failed\n", i); return 1; }
    next += period;
    std::this_thread::sleep_until(next);
  }
  std::printf("done %ld\n", o.count);
  std::fflush(stdout);
  if (o.linger) {
    dmxp::rt::SingleThreadedExecutor exec;
    exec.add_node(node);
    exec.spin();
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--topic") o.topic = next();
    else if (a == "--type") o.type = next();
    else if (a == "--count") o.count = std::stol(next());
    else if (a == "--rate") o.rate = std::stod(next());
    else if (a == "--depth") o.depth = uint32_t(std::stoul(next()));
    else if (a == "--wait-consumers") o.wait_consumers = uint32_t(std::stoul(next()));
    else if (a == "--best-effort") o.best_effort = true;
    else if (a == "--linger") o.linger = true;
    else { std::fprintf(stderr, "talker: unknown argument %s\n", a.c_str()); return 2; }
  }
  auto node = std::make_shared<dmxp::rt::Node>("cli_talker");
  node->declare_parameter("gain", 1.5);
  if (o.type == "int32") return run<std_msgs::msg::Int32>(o, node);
  if (o.type == "string") return run<std_msgs::msg::String>(o, node);
  if (o.type == "pose") return run<geometry_msgs::msg::PoseStamped>(o, node);
  if (o.type == "scan") return run<sensor_msgs::msg::LaserScan>(o, node);
  std::fprintf(stderr, "talker: unknown type %s\n", o.type.c_str());
  return 2;
}
