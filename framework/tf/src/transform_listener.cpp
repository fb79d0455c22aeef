#include "dmxp/tf/transform_listener.hpp"

#include "dmxp/tf/msg_conversions.hpp"
#include "dmxp/tf/topics.hpp"

namespace dmxp::tf {

using tf2_msgs::msg::TFMessage;

TransformListener::TransformListener(rt::Node& node, Buffer& buffer)
    : node_(node),
      buffer_(buffer),
      tf_(node.create_subscription<TFMessage>(
                  kTfTopic, tf_qos(),
                  [this](const TFMessage& m, const rt::MessageInfo& i) { on_message(m, i, false); })
              .value()),
      tf_static_(node.create_subscription<TFMessage>(
                         kTfStaticTopic, tf_static_qos(),
                         [this](const TFMessage& m, const rt::MessageInfo& i) { on_message(m, i, true); })
                     .value()) {}

void TransformListener::on_message(const TFMessage& m, const rt::MessageInfo& info, bool is_static) {
  // ROS 2's listener cannot tell who sent a transform ("Authority undetectable"); DMXP knows
  // the publishing process.
  std::string authority = "pid " + std::to_string(info.publisher_pid);
  for (const auto& t : m.transforms) {
    try {
      buffer_.set_transform(from_msg(t), authority, is_static);
    } catch (const TransformError& e) {
      node_.logger().warn("{}: {}", is_static ? kTfStaticTopic : kTfTopic, e.what());
    }
  }
}

}  // namespace dmxp::tf
