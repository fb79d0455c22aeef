// discovery_info.hpp - the bridge's entry in ROS 2's "ros_discovery_info" topic, which is how
// ROS 2 graph tools (`ros2 node list`, rclpy's get_node_names, rqt) learn which node owns
// which DDS readers and writers. Without it the bridge's endpoints show up under
// "_CREATED_BY_BARE_DDS_APP_".
//
// The message is rmw_dds_common/msg/ParticipantEntitiesInfo (Jazzy, rmw_dds_common 3.1):
//   Gid gid                                    Gid: char[16] data (the DDSI GUID)
//   NodeEntitiesInfo[] node_entities_info_seq  NodeEntitiesInfo: string<=256 node_namespace,
//                                              string<=256 node_name, Gid[] reader_gid_seq,
//                                              Gid[] writer_gid_seq
// on the DDS topic "ros_discovery_info" (no "rt/" prefix), reliable, transient-local, depth 1,
// as every rmw publishes it. The bridge publishes it again whenever its endpoints change.
#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dds/participant.hpp"

namespace dmxp_bridge {

inline constexpr const char* kDiscoveryTopic = "ros_discovery_info";
inline constexpr const char* kDiscoveryType = "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_";

// The CDR bytes (with encapsulation header) of one ParticipantEntitiesInfo holding one node.
std::vector<std::byte> encode_participant_entities_info(const dds::Guid& participant,
                                                        const std::string& node_namespace,
                                                        const std::string& node_name,
                                                        const std::set<dds::Guid>& readers,
                                                        const std::set<dds::Guid>& writers);

class DiscoveryInfo {
 public:
  // node_namespace "/" or "/a"; node_name "bridge". Publishes the (empty) node at once.
  static dmxp::Result<std::unique_ptr<DiscoveryInfo>> create(dds::Participant& participant,
                                                             std::string node_namespace,
                                                             std::string node_name);
  void add_reader(const dds::Guid& g);
  void add_writer(const dds::Guid& g);
  void remove(const dds::Guid& g);
  // Publishes the current state if it changed since the last publish.
  dmxp::Status publish_if_changed();

 private:
  DiscoveryInfo(dds::Participant& p, std::string ns, std::string name, std::unique_ptr<dds::RawWriter> w)
      : participant_(p), ns_(std::move(ns)), name_(std::move(name)), writer_(std::move(w)) {}
  dds::Participant& participant_;
  std::string ns_, name_;
  std::unique_ptr<dds::RawWriter> writer_;
  std::set<dds::Guid> readers_, writers_;
  bool changed_ = true;
};

}  // namespace dmxp_bridge
