#include "dmxp/tf/transform_broadcaster.hpp"

#include "dmxp/tf/errors.hpp"
#include "dmxp/tf/msg_conversions.hpp"
#include "dmxp/tf/topics.hpp"

namespace dmxp::tf {

namespace {

using tf2_msgs::msg::TFMessage;

template <class It>
void publish_all(rt::Publisher<TFMessage>& pub, It begin, It end, size_t n, auto&& get) {
  auto msg = pub.loan();
  if (n > msg->transforms.capacity())
    throw InvalidArgumentError(std::to_string(n) + " transforms do not fit one TFMessage (at most " +
                               std::to_string(msg->transforms.capacity()) + ")");
  msg->transforms.resize(n);
  size_t i = 0;
  for (It it = begin; it != end; ++it) to_msg(get(*it), msg->transforms[i++]);
  pub.publish(std::move(msg));
}

}  // namespace

TransformBroadcaster::TransformBroadcaster(rt::Node& node)
    : pub_(node.create_publisher<TFMessage>(kTfTopic, tf_qos()).value()) {}

void TransformBroadcaster::send_transforms(std::span<const StampedTransform> ts) {
  publish_all(pub_, ts.begin(), ts.end(), ts.size(), [](const StampedTransform& t) -> const auto& { return t; });
}

StaticTransformBroadcaster::StaticTransformBroadcaster(rt::Node& node)
    : pub_(node.create_publisher<TFMessage>(kTfStaticTopic, tf_static_qos()).value()) {}

void StaticTransformBroadcaster::send_transforms(std::span<const StampedTransform> ts) {
  std::map<std::string, StampedTransform> next = frames_;
  for (const StampedTransform& t : ts) next[t.child_frame_id] = t;
  publish_all(pub_, next.begin(), next.end(), next.size(), [](const auto& kv) -> const auto& { return kv.second; });
  frames_ = std::move(next);  // only what was published is remembered
}

}  // namespace dmxp::tf
