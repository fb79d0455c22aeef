#include "passive_reader.hpp"

#include "dmxp/rt/channel_names.hpp"

namespace dmxp_bridge {

dmxp::Result<std::shared_ptr<PassiveReader>> PassiveReader::open(dmxp::rt::Node& node, const std::string& topic,
                                                                const std::string& type_name,
                                                                uint64_t fingerprint,
                                                                const dmxp::rt::QoS& qos,
                                                                std::unique_ptr<PassiveSink> sink,
                                                                bool executor_wakes) {
  auto channel = dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, topic);
  if (!channel) return channel.error();
  dmxp_channel_options copts;
  dmxp_channel_options_init(&copts);
  copts.domain = node.domain().c_str();
  copts.open_mode = DMXP_OPEN_EXISTING;
  dmxp_consumer_options o;
  dmxp_consumer_options_init(&o);
  o.passive = 1;
  o.spin_ns = 0;
  // Latched topics: what the ring retains goes out too, so late DDS readers get it.
  o.start = qos.durability == dmxp::rt::Durability::TransientLocal ? DMXP_START_OLDEST : DMXP_START_NEWEST;
  dmxp_consumer* c = nullptr;
  if (int rc = dmxp_consumer_open(channel.value().c_str(), &copts, &o, &c))
    return dmxp::Error(rc, "topic '" + topic + "': " + dmxp::Error::last(rc).what());
  auto r = std::make_shared<PassiveReader>(node.core(), c, std::move(sink), executor_wakes);
  r->reported_lost_ = dmxp_consumer_lost(c);
  r->graph_ = node.core()->register_endpoint(dmxp::rt::EndpointKind::Subscription, topic, type_name,
                                             fingerprint, qos);
  node.core()->add_entity(r);
  return r;
}

PassiveReader::~PassiveReader() { dmxp_consumer_close(consumer_); }

void PassiveReader::on_detach() { node().unregister_endpoint(graph_); }

size_t PassiveReader::drain(size_t max) {
  size_t n = 0;
  run_locked([&] {
    dmxp_message m;
    uint64_t torn = 0;
    while (n < max && dmxp_consumer_try_receive(consumer_, &m) == DMXP_OK) {
      ++n;
      sink_->read(m);
      if (dmxp_consumer_release(consumer_) == DMXP_ERR_OVERRUN) ++torn;
      else sink_->confirmed();
    }
    uint64_t lost = dmxp_consumer_lost(consumer_);
    if (lost != reported_lost_ || torn) sink_->lost(lost - reported_lost_ + torn);
    reported_lost_ = lost;
    if (n) sink_->flush();
  });
  return n;
}

}  // namespace dmxp_bridge
