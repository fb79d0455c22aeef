#include "dmxp/rt/qos.hpp"

#include <algorithm>
#include <bit>

namespace dmxp::rt {
namespace {

std::string duration_text(std::chrono::nanoseconds d) {
  if (d.count() <= 0) return "infinite";
  if (d.count() % 1000000 == 0) return std::to_string(d.count() / 1000000) + " ms";
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " us";
  return std::to_string(d.count()) + " ns";
}

// A finite requested bound needs a finite offered bound no longer than it.
bool bound_violated(std::chrono::nanoseconds offered, std::chrono::nanoseconds requested) {
  if (requested.count() <= 0) return false;
  return offered.count() <= 0 || offered > requested;
}

}  // namespace

uint32_t ring_capacity(const QoS& qos) {
  uint32_t d = std::clamp<uint32_t>(qos.depth, 2, 1u << 30);
  return std::bit_ceil(d);
}

dmxp_backpressure backpressure(const QoS& qos) {
  return qos.reliability == Reliability::Reliable ? DMXP_RELIABLE : DMXP_KEEP_LAST;
}

std::string to_string(const QoS& q) {
  std::string s = "depth " + std::to_string(q.depth);
  s += q.reliability == Reliability::Reliable ? ", reliable" : ", best effort";
  s += q.durability == Durability::TransientLocal ? ", transient local" : ", volatile";
  if (q.deadline.count() > 0) s += ", deadline " + duration_text(q.deadline);
  if (q.liveliness == Liveliness::ManualByTopic) s += ", manual-by-topic liveliness";
  if (q.liveliness_lease.count() > 0) s += ", liveliness lease " + duration_text(q.liveliness_lease);
  return s;
}

std::vector<QoSIncompatibility> check_compatibility(const QoS& offered, const QoS& requested) {
  std::vector<QoSIncompatibility> out;
  if (offered.reliability == Reliability::BestEffort &&
      requested.reliability == Reliability::Reliable)
    out.push_back({"reliability", "the publisher offers best effort, the subscription requests reliable"});
  if (offered.durability == Durability::Volatile &&
      requested.durability == Durability::TransientLocal)
    out.push_back({"durability", "the publisher offers volatile, the subscription requests transient local"});
  if (bound_violated(offered.deadline, requested.deadline))
    out.push_back({"deadline", "the publisher offers a deadline of " + duration_text(offered.deadline) +
                                   ", the subscription requests " + duration_text(requested.deadline)});
  if (bound_violated(offered.liveliness_lease, requested.liveliness_lease))
    out.push_back({"liveliness", "the publisher offers a lease of " +
                                     duration_text(offered.liveliness_lease) +
                                     ", the subscription requests " +
                                     duration_text(requested.liveliness_lease)});
  if (offered.liveliness == Liveliness::Automatic &&
      requested.liveliness == Liveliness::ManualByTopic)
    out.push_back({"liveliness", "the publisher offers automatic liveliness, the subscription "
                                 "requests manual by topic"});
  return out;
}

}  // namespace dmxp::rt
