// qos_mapping.hpp - DMXP QoS <-> DDS QoS, the way ROS 2's rmw layers map rmw QoS profiles.
//
//   DMXP (dmxp::rt::QoS)            DDS
//   Reliable / BestEffort        <-> RELIABILITY reliable (max_blocking) / best effort
//   depth                        <-> HISTORY keep-last depth
//   Volatile / TransientLocal    <-> DURABILITY volatile / transient-local (latched topics)
//   deadline, liveliness lease   <-> DEADLINE, LIVELINESS (automatic / manual-by-topic)
//
// Every bridge endpoint also gets DATA_REPRESENTATION XCDR1 (ROS 2 types are @final) and its
// USER_DATA ("typehash=RIHS01_...;").
#pragma once

#include <string>

#include "dmxp/rt/qos.hpp"

struct dds_qos;

namespace dmxp_bridge::dds {

// A new dds_qos_t (the caller deletes it with dds_delete_qos).
dds_qos* to_dds_qos(const dmxp::rt::QoS& qos, const std::string& user_data);
// What a discovered DDS endpoint offers or requests, in DMXP terms (defaults where unset).
dmxp::rt::QoS from_dds_qos(const dds_qos* qos);
// The endpoint's USER_DATA as text ("" when it has none).
std::string user_data_of(const dds_qos* qos);

}  // namespace dmxp_bridge::dds
