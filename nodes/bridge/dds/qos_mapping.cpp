#include "qos_mapping.hpp"

extern "C" {
#include "dds/dds.h"
}

namespace dmxp_bridge::dds {

dds_qos_t* to_dds_qos(const dmxp::rt::QoS& qos, const std::string& user_data) {
  dds_qos_t* q = dds_create_qos();
  if (qos.reliability == dmxp::rt::Reliability::Reliable)
    dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, qos.max_blocking.count());
  else
    dds_qset_reliability(q, DDS_RELIABILITY_BEST_EFFORT, 0);
  dds_qset_history(q, DDS_HISTORY_KEEP_LAST, int32_t(std::max<uint32_t>(qos.depth, 1)));
  dds_qset_durability(q, qos.durability == dmxp::rt::Durability::TransientLocal
                             ? DDS_DURABILITY_TRANSIENT_LOCAL
                             : DDS_DURABILITY_VOLATILE);
  if (qos.deadline.count() > 0) dds_qset_deadline(q, qos.deadline.count());
  if (qos.liveliness_lease.count() > 0 || qos.liveliness == dmxp::rt::Liveliness::ManualByTopic)
    dds_qset_liveliness(q,
                        qos.liveliness == dmxp::rt::Liveliness::ManualByTopic
                            ? DDS_LIVELINESS_MANUAL_BY_TOPIC
                            : DDS_LIVELINESS_AUTOMATIC,
                        qos.liveliness_lease.count() > 0 ? qos.liveliness_lease.count() : DDS_INFINITY);
  dds_data_representation_id_t xcdr1 = DDS_DATA_REPRESENTATION_XCDR1;
  dds_qset_data_representation(q, 1, &xcdr1);
  if (!user_data.empty()) dds_qset_userdata(q, user_data.data(), user_data.size());
  return q;
}

dmxp::rt::QoS from_dds_qos(const dds_qos_t* q) {
  dmxp::rt::QoS out;
  dds_reliability_kind_t rel;
  dds_duration_t blocking;
  if (dds_qget_reliability(q, &rel, &blocking))
    out.reliability = rel == DDS_RELIABILITY_RELIABLE ? dmxp::rt::Reliability::Reliable
                                                      : dmxp::rt::Reliability::BestEffort;
  dds_history_kind_t hist;
  int32_t depth;
  if (dds_qget_history(q, &hist, &depth) && hist == DDS_HISTORY_KEEP_LAST && depth > 0)
    out.depth = uint32_t(depth);
  dds_durability_kind_t dur;
  if (dds_qget_durability(q, &dur))
    out.durability = dur == DDS_DURABILITY_VOLATILE ? dmxp::rt::Durability::Volatile
                                                    : dmxp::rt::Durability::TransientLocal;
  dds_duration_t deadline;
  if (dds_qget_deadline(q, &deadline) && deadline != DDS_INFINITY)
    out.deadline = std::chrono::nanoseconds(deadline);
  dds_liveliness_kind_t live;
  dds_duration_t lease;
  if (dds_qget_liveliness(q, &live, &lease)) {
    if (live == DDS_LIVELINESS_MANUAL_BY_TOPIC) out.liveliness = dmxp::rt::Liveliness::ManualByTopic;
    if (lease != DDS_INFINITY) out.liveliness_lease = std::chrono::nanoseconds(lease);
  }
  return out;
}

std::string user_data_of(const dds_qos_t* q) {
  void* value = nullptr;
  size_t size = 0;
  if (!dds_qget_userdata(q, &value, &size) || !value) return "";
  std::string s(static_cast<const char*>(value), size);
  dds_free(value);
  return s;
}

}  // namespace dmxp_bridge::dds
