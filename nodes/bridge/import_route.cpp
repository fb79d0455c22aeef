#include "import_route.hpp"

#include "ros_names.hpp"
#include "stage_trace.hpp"

namespace dmxp_bridge {

dmxp::Result<std::unique_ptr<ImportRoute>> ImportRoute::create(dmxp::rt::Node& node, dds::Participant& dds,
                                                              const std::string& topic,
                                                              const dmxp::rt::GenericType& type,
                                                              const dmxp::rt::QoS& qos,
                                                              const std::string& remote_type_hash) {
  auto codec = dmxp::wire::CdrCodec::from_descriptor(type.descriptor);
  if (!codec) return dmxp::Error(codec.error().status(), "topic '" + topic + "' (" + type.name + "): " + codec.error().what());
  auto dds_type = dds_type_name(type.name);
  if (!dds_type) return dmxp::Error(DMXP_ERR_UNSUPPORTED, "topic '" + topic + "': type '" + type.name + "' has no ROS 2 name");
  const std::string& hash = codec.value().ros_type_hash();
  if (!remote_type_hash.empty() && !hash.empty() && remote_type_hash != hash)
    return dmxp::Error(DMXP_ERR_INCOMPATIBLE, "DDS writers of '" + topic + "' announce type hash " +
                                                  remote_type_hash + ", but DMXP's " + type.name + " is " + hash);
  std::unique_ptr<ImportRoute> route(new ImportRoute());
  route->topic_ = topic;
  route->type_name_ = type.name;
  route->codec_ = std::make_unique<dmxp::wire::CdrCodec>(std::move(codec).value());
  route->counters_ = std::make_shared<RouteCounters>();
  auto pub = dmxp::rt::create_generic_publisher(node, topic, type, qos);
  if (!pub) return pub.error();
  route->publisher_ = std::move(pub).value();
  ImportRoute* self = route.get();
  auto reader = dds.create_reader(dds_topic_name(topic), *dds_type, qos,
                                  type_hash_user_data(route->codec_->ros_type_hash()),
                                  [self](std::span<const std::byte> cdr) { self->on_sample(cdr); });
  if (!reader) return reader.error();
  route->reader_ = std::move(reader).value();
  return route;
}

ImportRoute::~ImportRoute() = default;

// On a Cyclone receive thread; one at a time for this route.
void ImportRoute::on_sample(std::span<const std::byte> cdr) {
  stage::mark(stage::ImportCallback);
  dmxp::rt::PublisherBase* pub = publisher_.entity();
  void* slot = nullptr;
  if (int rc = dmxp_producer_loan(pub->producer(), codec_->message_size(), &slot, pub->loan_timeout_ns())) {
    counters_->set_last_error("no slot in '" + topic_ + "': " + dmxp::Error::last(rc).what());
    return;
  }
  if (auto s = codec_->decode(cdr, slot); !s) {
    dmxp_producer_abort(pub->producer());  // published as a skipped entry nobody sees
    (s.status() == DMXP_ERR_TOO_LARGE ? counters_->oversized : counters_->malformed)
        .fetch_add(1, std::memory_order_relaxed);
    counters_->set_last_error(s.error().what());
    return;
  }
  stage::mark(stage::ImportDecoded);
  if (dmxp_producer_commit(pub->producer(), codec_->message_size(), nullptr) == DMXP_OK) {
    stage::mark(stage::ImportCommitted);
    pub->note_published();
    counters_->forwarded.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace dmxp_bridge
