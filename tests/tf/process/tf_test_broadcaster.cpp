// tf_test_broadcaster: the broadcasting process of tf_process_tests. Once it sees a
// subscriber on /tf it sends odom -> base_link at stamps 1.0, 1.1, ... 1.9 s with x = 0, 1, ... 9
// and yaw = 0, 0.1, ... 0.9 rad, one message each, then exits 0.
#include <thread>

#include "dmxp/rt/rt.hpp"
#include "dmxp/tf/transform_broadcaster.hpp"

int main() {
  dmxp::rt::Node node("tf_test_broadcaster", dmxp::rt::NodeOptions().use_global_arguments(false));
  dmxp::tf::TransformBroadcaster tf(node);
  for (int i = 0; i < 10000 && tf.subscription_count() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (int k = 0; k < 10; ++k) {
    Eigen::Isometry3d pose = Eigen::Translation3d(k, 0, 0) * Eigen::AngleAxisd(0.1 * k, Eigen::Vector3d::UnitZ());
    tf.send_transform({1'000'000'000 + k * 100'000'000LL, "odom", "base_link", pose});
  }
  return 0;
}
