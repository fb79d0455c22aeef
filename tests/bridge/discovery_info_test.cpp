// The bytes of the ros_discovery_info message (nodes/bridge/discovery_info.hpp), checked field
// by field against the CDR rules: rclpy reading them is the bridge_ros2 test's part.
#include <gtest/gtest.h>

#include "discovery_info.hpp"

namespace dmxp_bridge {
namespace {

std::vector<uint8_t> bytes_of(const std::vector<std::byte>& b) {
  std::vector<uint8_t> out;
  for (std::byte x : b) out.push_back(uint8_t(x));
  return out;
}

dds::Guid guid_filled(uint8_t v) {
  dds::Guid g;
  g.fill(v);
  return g;
}

TEST(DiscoveryInfo, EncodesOneNodeWithItsReadersAndWriters) {
  auto b = bytes_of(encode_participant_entities_info(guid_filled(0xaa), "/", "bridge",
                                                     {guid_filled(1)}, {guid_filled(2), guid_filled(3)}));
  std::vector<uint8_t> want = {0x00, 0x01, 0x00, 0x00};          // little-endian CDR
  want.insert(want.end(), 16, 0xaa);                              // gid: char[16]
  want.insert(want.end(), {1, 0, 0, 0});                          // one NodeEntitiesInfo
  want.insert(want.end(), {2, 0, 0, 0, '/', 0});                  // node_namespace "/"
  want.insert(want.end(), {0, 0});                                // align 4
  want.insert(want.end(), {7, 0, 0, 0, 'b', 'r', 'i', 'd', 'g', 'e', 0});  // node_name
  want.insert(want.end(), {0});                                   // align 4
  want.insert(want.end(), {1, 0, 0, 0});                          // reader_gid_seq
  want.insert(want.end(), 16, 1);
  want.insert(want.end(), {2, 0, 0, 0});                          // writer_gid_seq
  want.insert(want.end(), 16, 2);
  want.insert(want.end(), 16, 3);
  EXPECT_EQ(b, want);
}

TEST(DiscoveryInfo, EmptyNodeHasEmptySequences) {
  auto b = bytes_of(encode_participant_entities_info(guid_filled(0), "/robot", "b", {}, {}));
  ASSERT_EQ(b.size(), 4u + 16 + 4 + (4 + 7) + 1 + (4 + 2) + 2 + 4 + 4);
  EXPECT_EQ(std::vector<uint8_t>(b.end() - 8, b.end()), std::vector<uint8_t>(8, 0));
}

}  // namespace
}  // namespace dmxp_bridge
