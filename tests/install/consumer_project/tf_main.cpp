// A managed node built against an installed DMXP (find_package(dmxp COMPONENTS rt tf)), run by
// check_install.sh between two other installed processes: the static transform publisher
// broadcasts base_link -> laser, and `dmxp lifecycle set` drives this node through its
// lifecycle services.
//
//   configure  a tf buffer with its listener, and a static broadcaster sending
//              odom -> base_link (2, 1, 0), turned half a turn about z
//   activate   a timer looks up odom -> laser, through both processes' transforms, and
//              prints it once: stamp, translation, rotation and where laser's (1, 0, 0) is
//   shutdown   the program ends (exit 0)
//
// Every value is exact in binary (half turns, quarter metres), so the script compares text.
#include <dmxp/rt/rt.hpp>
#include <dmxp/tf/buffer.hpp>
#include <dmxp/tf/transform_broadcaster.hpp>
#include <dmxp/tf/transform_listener.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

namespace {

using CallbackReturn = dmxp::rt::LifecycleNode::CallbackReturn;
using State = dmxp::rt::LifecycleNode::State;

class TfUser : public dmxp::rt::LifecycleNode {
 public:
  explicit TfUser(dmxp::rt::Executor& exec) : LifecycleNode("tf_user"), exec_(exec) {}

  CallbackReturn on_configure(const State&) override {
    buffer_ = std::make_unique<dmxp::tf::Buffer>();
    listener_ = std::make_unique<dmxp::tf::TransformListener>(*this, *buffer_);
    broadcaster_ = std::make_unique<dmxp::tf::StaticTransformBroadcaster>(*this);
    Eigen::Isometry3d odom_to_base = Eigen::Isometry3d::Identity();
    odom_to_base.translate(Eigen::Vector3d(2.0, 1.0, 0.0));
    odom_to_base.rotate(Eigen::Quaterniond(0.0, 0.0, 0.0, 1.0));  // (w, x, y, z): half a turn
    broadcaster_->send_transform({0, "odom", "base_link", odom_to_base});
    std::puts("configured");
    std::fflush(stdout);
    return CallbackReturn::SUCCESS;
  }

  CallbackReturn on_activate(const State&) override {
    // Looked up from a timer, not here: this callback runs on the executor that must also
    // deliver the listener's messages.
    timer_ = create_timer(std::chrono::milliseconds(20), [this] { print_when_known(); });
    return CallbackReturn::SUCCESS;
  }

  CallbackReturn on_shutdown(const State&) override {
    std::puts("shut down");
    std::fflush(stdout);
    exec_.cancel();
    return CallbackReturn::SUCCESS;
  }

 private:
  void print_when_known() {
    if (printed_ || !buffer_->can_transform("odom", "laser", 0)) return;
    printed_ = true;
    const dmxp::tf::StampedTransform t = buffer_->lookup_transform("odom", "laser", 0);
    const Eigen::Vector3d p = t.transform.translation();
    const Eigen::Quaterniond q(t.transform.linear());
    const Eigen::Vector3d x_axis_end = t.transform * Eigen::Vector3d(1.0, 0.0, 0.0);
    // + 0.0 turns a negative zero into 0: the script compares text.
    std::printf("odom -> laser at %lld: translation %g %g %g rotation %g %g %g %g laser (1,0,0) at %g %g %g\n",
                static_cast<long long>(t.stamp), p.x() + 0.0, p.y() + 0.0, p.z() + 0.0, q.x() + 0.0,
                q.y() + 0.0, q.z() + 0.0, q.w() + 0.0, x_axis_end.x() + 0.0, x_axis_end.y() + 0.0,
                x_axis_end.z() + 0.0);
    std::fflush(stdout);
  }

  dmxp::rt::Executor& exec_;
  std::unique_ptr<dmxp::tf::Buffer> buffer_;  // before the listener that fills it
  std::unique_ptr<dmxp::tf::TransformListener> listener_;
  std::unique_ptr<dmxp::tf::StaticTransformBroadcaster> broadcaster_;
  dmxp::rt::Timer timer_;
  bool printed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  if (auto args = dmxp::rt::init(argc, argv); !args) {
    std::fprintf(stderr, "%s\n", args.error().what());
    return 2;
  }
  dmxp::rt::SingleThreadedExecutor exec;
  auto node = std::make_shared<TfUser>(exec);
  exec.add_node(node);
  exec.spin();  // until on_shutdown cancels it (or SIGINT/SIGTERM)
  exec.remove_node(*node);
  // Finalized: shut down through the lifecycle service, not by a signal.
  return node->get_current_state().id() == dmxp::rt::lifecycle::state_id::kFinalized ? 0 : 1;
}
