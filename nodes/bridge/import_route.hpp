// import_route.hpp - one DDS (ROS 2) topic brought into DMXP: a raw DDS reader whose samples
// are decoded from CDR straight into a loaned slot of the topic's channel and published. A
// sample that does not fit the DMXP type (a sequence or string beyond its capacity) or is not
// valid CDR of the type is never published, not even in part: the loan is aborted, and the
// route counts it (oversized / malformed) and keeps the error text for `dmxp topic info`.
//
// The DDS reader ignores this bridge's own writers; what it publishes into DMXP is never
// exported again (export_route.hpp), so nothing loops.
#pragma once

#include <memory>
#include <string>

#include "dds/participant.hpp"
#include "dmxp/rt/generic.hpp"
#include "dmxp/wire/cdr.hpp"
#include "route_counters.hpp"

namespace dmxp_bridge {

class ImportRoute {
 public:
  // topic: the resolved DMXP topic; type: the DMXP type (the channel's, or an installed one
  // when the topic has no channel yet); qos: what the DDS writers offer; remote_type_hash:
  // the RIHS01 hash the DDS writer announced ("" if none): when both sides have one and they
  // differ, the types are not the same and the route is refused (DMXP_ERR_INCOMPATIBLE).
  static dmxp::Result<std::unique_ptr<ImportRoute>> create(dmxp::rt::Node& node, dds::Participant& dds,
                                                          const std::string& topic,
                                                          const dmxp::rt::GenericType& type,
                                                          const dmxp::rt::QoS& qos,
                                                          const std::string& remote_type_hash);
  ~ImportRoute();

  const std::string& topic() const { return topic_; }
  const std::string& type_name() const { return type_name_; }
  const std::string& type_hash() const { return codec_->ros_type_hash(); }
  const dds::Guid& reader_guid() const { return reader_->guid(); }
  const RouteCounters& counters() const { return *counters_; }

 private:
  ImportRoute() = default;
  void on_sample(std::span<const std::byte> cdr);

  std::string topic_, type_name_;
  std::unique_ptr<dmxp::wire::CdrCodec> codec_;
  std::shared_ptr<RouteCounters> counters_;
  dmxp::rt::GenericPublisher publisher_;
  std::unique_ptr<dds::RawReader> reader_;  // last: destroyed first, so no sample arrives after
};

}  // namespace dmxp_bridge
