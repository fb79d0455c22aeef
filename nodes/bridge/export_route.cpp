#include "export_route.hpp"

#include "export_poller.hpp"
#include "passive_reader.hpp"
#include "ros_names.hpp"
#include "stage_trace.hpp"

namespace dmxp_bridge {
namespace {

// Encodes each DMXP message to CDR and writes it once the read is confirmed untouched.
class CdrSink final : public PassiveSink {
 public:
  CdrSink(dmxp::wire::CdrCodec codec, dds::RawWriter* writer, bool latched,
          std::shared_ptr<RouteCounters> counters, ExportRoute::PidFilter is_bridge_pid)
      : codec_(std::move(codec)), writer_(writer), latched_(latched),
        counters_(std::move(counters)), is_bridge_pid_(std::move(is_bridge_pid)) {}

  void read(const dmxp_message& m) override {
    stage::mark(stage::ExportSeen);
    stage::mark(stage::ExportCommit, m.timestamp_ns);
    ready_ = false;
    if (is_bridge_pid_(m.producer_pid)) {
      counters_->looped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    // No DDS reader and nothing latched: the encoding would go nowhere.
    if (!latched_ && !writer_->has_readers()) return;
    if (m.size < codec_.message_size()) return;  // not this type's message (cannot happen on a typed channel)
    cdr_.clear();
    if (auto s = codec_.encode(m.data, cdr_); !s) {
      // A size word above its capacity: the slot changed while it was encoded (the release
      // then reports it) or the publisher wrote a broken message. Either way, not sent.
      counters_->malformed.fetch_add(1, std::memory_order_relaxed);
      counters_->set_last_error(s.error().what());
      return;
    }
    ready_ = true;
  }

  void confirmed() override {
    if (!ready_) return;
    stage::mark(stage::ExportEncoded);
    if (auto s = writer_->write_batched(cdr_); !s) {
      counters_->set_last_error(s.error().what());
      return;
    }
    pending_ = true;
    counters_->forwarded.fetch_add(1, std::memory_order_relaxed);
  }

  void lost(uint64_t count) override { counters_->lost.fetch_add(count, std::memory_order_relaxed); }

  // Once per drain: a burst leaves in as few datagrams as fit, a lone message at once.
  void flush() override {
    if (!pending_) return;
    pending_ = false;
    writer_->flush();
    stage::mark(stage::ExportWritten);
  }

 private:
  dmxp::wire::CdrCodec codec_;
  dds::RawWriter* writer_;
  bool latched_;
  std::shared_ptr<RouteCounters> counters_;
  ExportRoute::PidFilter is_bridge_pid_;
  std::vector<std::byte> cdr_;
  bool ready_ = false;
  bool pending_ = false;  // written batched since the last flush
};

}  // namespace

dmxp::Result<std::unique_ptr<ExportRoute>> ExportRoute::create(dmxp::rt::Node& node, dds::Participant& dds,
                                                              const std::string& topic,
                                                              const dmxp::rt::GenericType& type,
                                                              const dmxp::rt::QoS& qos,
                                                              PidFilter is_bridge_pid,
                                                              ExportPoller& poller) {
  auto codec = dmxp::wire::CdrCodec::from_descriptor(type.descriptor);
  if (!codec) return dmxp::Error(codec.error().status(), "topic '" + topic + "' (" + type.name + "): " + codec.error().what());
  auto dds_type = dds_type_name(type.name);
  if (!dds_type) return dmxp::Error(DMXP_ERR_UNSUPPORTED, "topic '" + topic + "': type '" + type.name + "' has no ROS 2 name");
  std::unique_ptr<ExportRoute> route(new ExportRoute());
  route->topic_ = topic;
  route->type_name_ = type.name;
  route->dds_topic_ = dds_topic_name(topic);
  route->type_hash_ = codec.value().ros_type_hash();
  route->counters_ = std::make_shared<RouteCounters>();
  auto writer = dds.create_writer(route->dds_topic_, *dds_type, qos,
                                  type_hash_user_data(route->type_hash_));
  if (!writer) return writer.error();
  route->writer_ = std::move(writer).value();
  bool latched = qos.durability == dmxp::rt::Durability::TransientLocal;
  auto sink = std::make_unique<CdrSink>(std::move(codec).value(), route->writer_.get(), latched,
                                        route->counters_, std::move(is_bridge_pid));
  auto reader = PassiveReader::open(node, topic, type.name, type.fingerprint, qos, std::move(sink),
                                    /*executor_wakes=*/false);
  if (!reader) return reader.error();
  route->poller_ = &poller;
  poller.add(reader.value());
  route->reader_ = dmxp::rt::EntityHandle<PassiveReader>(std::move(reader).value());
  return route;
}

ExportRoute::~ExportRoute() {
  // Detach first (waits for a drain in progress; no drain after it), then let the poller
  // close the channel.
  reader_.reset();
  poller_->forget_detached();
}

}  // namespace dmxp_bridge
