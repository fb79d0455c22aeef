// static_transform_publisher - publishes one static transform on /tf_static, latched, as
// tf2_ros's static_transform_publisher: a sensor's mount on the robot, a map's origin.
//
// Parameters: frame_id (the parent, required), child_frame_id (required), x, y, z (metres,
// 0), and the rotation either as roll, pitch, yaw (radians, 0; applied yaw, then pitch, then
// roll about the fixed axes, as tf2's setRPY) or as qx, qy, qz, qw (a quaternion; used when
// any of them is set, normalised). Published once at start; a listener that starts later
// still gets it (transient local, docs/tf.md).
#include <cmath>

#include "dmxp/rt/component.hpp"
#include "dmxp/tf/errors.hpp"
#include "dmxp/tf/transform_broadcaster.hpp"

namespace dmxp_nodes {

class StaticTransformPublisher : public dmxp::rt::Node {
 public:
  explicit StaticTransformPublisher(const dmxp::rt::NodeOptions& o)
      : Node("static_transform_publisher", o), broadcaster_(*this) {
    dmxp::tf::StampedTransform t;
    t.frame_id = declare_parameter("frame_id", std::string());
    t.child_frame_id = declare_parameter("child_frame_id", std::string());
    if (t.frame_id.empty() || t.child_frame_id.empty())
      throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "parameters 'frame_id' and 'child_frame_id' are required");
    Eigen::Vector3d xyz(declare_parameter("x", 0.0), declare_parameter("y", 0.0), declare_parameter("z", 0.0));
    Eigen::Vector4d q(declare_parameter("qx", NAN), declare_parameter("qy", NAN), declare_parameter("qz", NAN),
                      declare_parameter("qw", NAN));
    double roll = declare_parameter("roll", 0.0), pitch = declare_parameter("pitch", 0.0),
           yaw = declare_parameter("yaw", 0.0);
    Eigen::Quaterniond rotation;
    if (q.array().isNaN().all()) {
      rotation = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(pitch, Eigen::Vector3d::UnitY()) *
                 Eigen::AngleAxisd(roll, Eigen::Vector3d::UnitX());
    } else {
      q = q.array().isNaN().select(0.0, q);  // an unset component of a quaternion given is 0
      if (q.norm() < 1e-9)
        throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "parameters qx, qy, qz, qw make a zero quaternion");
      rotation = Eigen::Quaterniond(q[3], q[0], q[1], q[2]).normalized();
    }
    t.transform = Eigen::Translation3d(xyz) * rotation;
    broadcaster_.send_transform(t);  // throws for a frame id over 128 bytes or the same frames
    logger().info("static transform {} -> {}: translation [{}, {}, {}], rotation [{}, {}, {}, {}]", t.frame_id,
                  t.child_frame_id, xyz.x(), xyz.y(), xyz.z(), rotation.x(), rotation.y(), rotation.z(), rotation.w());
  }

 private:
  dmxp::tf::StaticTransformBroadcaster broadcaster_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::StaticTransformPublisher)
