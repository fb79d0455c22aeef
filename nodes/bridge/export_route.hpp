// export_route.hpp - one DMXP topic published on DDS: a passive reader of the topic's channel
// (it never holds a publisher back, whatever the channel's reliability: what it cannot keep
// up with is counted as lost), each message encoded to CDR and written by a raw DDS writer.
//
// Who reads the channel: the bridge's ExportPoller (export_poller.hpp), on its own thread,
// which also writes to DDS; never the node's executor.
//
// Loop prevention: messages whose producer is a bridge process (is_bridge_pid) are not sent:
// they came from DDS, and sending them back would echo them to their origin.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "dds/participant.hpp"
#include "dmxp/rt/generic.hpp"
#include "dmxp/wire/cdr.hpp"
#include "route_counters.hpp"

namespace dmxp_bridge {

class ExportPoller;
class PassiveReader;

class ExportRoute {
 public:
  using PidFilter = std::function<bool(int32_t pid)>;
  // topic: resolved DMXP topic; qos: what its publishers offer (the DDS writer offers the
  // same). The DDS writer's USER_DATA carries the type hash. poller: who reads the channel;
  // it must outlive the route.
  static dmxp::Result<std::unique_ptr<ExportRoute>> create(dmxp::rt::Node& node, dds::Participant& dds,
                                                          const std::string& topic,
                                                          const dmxp::rt::GenericType& type,
                                                          const dmxp::rt::QoS& qos,
                                                          PidFilter is_bridge_pid,
                                                          ExportPoller& poller);
  ~ExportRoute();

  const std::string& topic() const { return topic_; }
  const std::string& type_name() const { return type_name_; }
  const std::string& dds_topic() const { return dds_topic_; }
  const std::string& type_hash() const { return type_hash_; }  // "" when the descriptor has none
  const dds::Guid& writer_guid() const { return writer_->guid(); }
  const RouteCounters& counters() const { return *counters_; }

 private:
  ExportRoute() = default;
  std::string topic_, type_name_, dds_topic_, type_hash_;
  std::shared_ptr<RouteCounters> counters_;
  std::unique_ptr<dds::RawWriter> writer_;
  ExportPoller* poller_ = nullptr;
  dmxp::rt::EntityHandle<PassiveReader> reader_;  // first to go: stops before the writer
};

}  // namespace dmxp_bridge
