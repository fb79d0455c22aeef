#include "discovery_info.hpp"

#include <cstring>

namespace dmxp_bridge {
namespace {

// Little-endian XCDR1, alignment counted after the 4-byte encapsulation header.
class CdrWriter {
 public:
  CdrWriter() { bytes_ = {std::byte{0}, std::byte{1}, std::byte{0}, std::byte{0}}; }
  void u32(uint32_t v) {
    align(4);
    for (int i = 0; i < 4; ++i) bytes_.push_back(std::byte((v >> (8 * i)) & 0xff));
  }
  void raw(const uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) bytes_.push_back(std::byte{p[i]});
  }
  void string(const std::string& s) {
    u32(uint32_t(s.size() + 1));
    raw(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    bytes_.push_back(std::byte{0});
  }
  void gids(const std::set<dds::Guid>& g) {
    u32(uint32_t(g.size()));
    for (const dds::Guid& x : g) raw(x.data(), x.size());
  }
  std::vector<std::byte> take() { return std::move(bytes_); }

 private:
  void align(size_t a) {
    while ((bytes_.size() - 4) % a) bytes_.push_back(std::byte{0});
  }
  std::vector<std::byte> bytes_;
};

dmxp::rt::QoS discovery_qos() {
  dmxp::rt::QoS q(1);
  q.reliable().transient_local();
  return q;
}

}  // namespace

std::vector<std::byte> encode_participant_entities_info(const dds::Guid& participant,
                                                        const std::string& node_namespace,
                                                        const std::string& node_name,
                                                        const std::set<dds::Guid>& readers,
                                                        const std::set<dds::Guid>& writers) {
  CdrWriter w;
  w.raw(participant.data(), participant.size());
  w.u32(1);  // one node
  w.string(node_namespace);
  w.string(node_name);
  w.gids(readers);
  w.gids(writers);
  return w.take();
}

dmxp::Result<std::unique_ptr<DiscoveryInfo>> DiscoveryInfo::create(dds::Participant& participant,
                                                                   std::string node_namespace,
                                                                   std::string node_name) {
  auto w = participant.create_writer(kDiscoveryTopic, kDiscoveryType, discovery_qos(), "");
  if (!w) return w.error();
  std::unique_ptr<DiscoveryInfo> info(new DiscoveryInfo(participant, std::move(node_namespace),
                                                        std::move(node_name), std::move(w).value()));
  if (auto s = info->publish_if_changed(); !s) return s.error();
  return info;
}

void DiscoveryInfo::add_reader(const dds::Guid& g) { changed_ |= readers_.insert(g).second; }
void DiscoveryInfo::add_writer(const dds::Guid& g) { changed_ |= writers_.insert(g).second; }
void DiscoveryInfo::remove(const dds::Guid& g) {
  changed_ |= readers_.erase(g) > 0;
  changed_ |= writers_.erase(g) > 0;
}

dmxp::Status DiscoveryInfo::publish_if_changed() {
  if (!changed_) return dmxp::Unit{};
  auto s = writer_->write(encode_participant_entities_info(participant_.guid(), ns_, name_, readers_, writers_));
  if (s) changed_ = false;
  return s;
}

}  // namespace dmxp_bridge
