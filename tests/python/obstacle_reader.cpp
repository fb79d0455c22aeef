// obstacle_reader - the C++ side of the tests of dmxp.msg.load: a node subscribed with
// obstacle_msgs/Obstacle, the type the build generates from tests/python/data/obstacle_msgs
// (the same .msg file the Python side loads at run time). The subscription is accepted only
// when the topic's fingerprint is this type's, so a message arriving proves the two agree.
//
//   obstacle_reader <topic> <count>
//
// Prints "ready" once subscribed, then one line per message:
//   <frame_id> <sec> <nanosec> <x> <y> <z> <radius> <kind> <label> <n> <x0>,<y0>,<z0> ...
// and exits 0 after <count> messages (1 after 10 s without them).
#include <chrono>
#include <cstdio>
#include <string>

#include <dmxp/rt/executor.hpp>
#include <dmxp/rt/node.hpp>
#include <obstacle_msgs/msg/Obstacle.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: obstacle_reader <topic> <count>\n");
    return 2;
  }
  using obstacle_msgs::msg::Obstacle;
  const long count = std::stol(argv[2]);
  long got = 0;
  auto node = std::make_shared<dmxp::rt::Node>("obstacle_reader");
  dmxp::rt::SingleThreadedExecutor exec;
  auto sub = node->create_subscription<Obstacle>(argv[1], dmxp::rt::QoS(16), [&](const Obstacle& o) {
    std::printf("%s %d %u %.17g %.17g %.17g %.9g %u %s %u", o.header.frame_id.str().c_str(), o.header.stamp.sec,
                o.header.stamp.nanosec, o.position.x, o.position.y, o.position.z, o.radius, unsigned(o.kind),
                o.label.str().c_str(), unsigned(o.outline.size()));
    for (const auto& p : o.outline) std::printf(" %.9g,%.9g,%.9g", p.x, p.y, p.z);
    std::printf("\n");
    if (++got == count) exec.cancel();
  });
  if (!sub) {
    std::fprintf(stderr, "obstacle_reader: %s\n", sub.error().what());
    return 1;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  exec.add_node(node);
  exec.spin_for(std::chrono::seconds(10));
  return got == count ? 0 : 1;
}
