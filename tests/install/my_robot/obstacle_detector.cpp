#include <dmxp/rt/rt.hpp>
#include <my_robot_msgs/msg/Obstacle.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

using my_robot_msgs::msg::Obstacle;
using sensor_msgs::msg::LaserScan;

int main(int argc, char** argv) {
  // --ros-args from the command line (dmxp-launch passes the node's name, namespace,
  // remappings and parameters there); a malformed one is an error here.
  if (auto args = dmxp::rt::init(argc, argv); !args) {
    std::fprintf(stderr, "%s\n", args.error().what());
    return 2;
  }
  auto node = std::make_shared<dmxp::Node>("obstacle_detector");
  const double threshold = node->declare_parameter("threshold", 1.0);  // metres
  auto pub = node->create_publisher<Obstacle>("obstacles", 10).value();
  auto sub = node->create_subscription<LaserScan>("scan", dmxp::QoS(4).best_effort(),
      [&](const LaserScan& scan) {                       // scan points into the ring
        size_t beam = 0;
        float nearest = std::numeric_limits<float>::infinity();
        for (size_t i = 0; i < scan.ranges.size(); ++i)
          if (scan.ranges[i] >= scan.range_min && scan.ranges[i] < nearest) nearest = scan.ranges[beam = i];
        if (!(nearest < threshold)) return;
        auto out = pub.loan();                           // an Obstacle in a ring slot
        out->header = scan.header;
        out->beam = uint32_t(beam);
        out->distance = nearest;
        out->angle = scan.angle_min + float(beam) * scan.angle_increment;
        out->position.x = out->distance * std::cos(out->angle);
        out->position.y = out->distance * std::sin(out->angle);
        pub.publish(std::move(out));
      }).value();
  dmxp::SingleThreadedExecutor exec;
  exec.add_node(node);
  exec.spin();                                           // until SIGINT/SIGTERM
}
