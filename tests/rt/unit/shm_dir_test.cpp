// $DMXP_SHM_DIR seen from the node runtime: a node's channels, the domain's key segment and
// the graph registry all live in that directory, for this process and the processes it
// starts; tools (channel list/gc/remove through the C API) find them there; nothing appears
// in /dev/shm (DomainTest's TearDown fails on any /dev/shm/dmxp.<domain>.* left).
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::GraphRegistry;
using dmxp::rt::QoS;

namespace {

class ShmDirRt : public RtTest {
 protected:
  void TearDown() override {
    RtTest::TearDown();  // channels and the graph, in the directory: DMXP_SHM_DIR is still set
    unlink((dir_.path() + "/dmxp." + domain() + ".keys").c_str());
    EXPECT_TRUE(dir_.entries().empty()) << ::testing::PrintToString(dir_.entries());
  }
  bool in_dir(const std::string& name) const {
    auto e = dir_.entries();
    return std::find(e.begin(), e.end(), name) != e.end();
  }
  std::string prefix() const { return "dmxp." + std::string(domain()) + "."; }
  dmxp_test::ScopedShmDir dir_;
};

TEST_F(ShmDirRt, NodesChannelsAndTheGraphLiveInTheDirectory) {
  const uint64_t n = 50;
  const std::string topic_channel =
      dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, "/chatter").value();
  {
    auto node = std::make_shared<dmxp::rt::Node>("listener", node_options());
    std::atomic<uint64_t> received{0};
    auto sub = node->create_subscription<Sample>(
        "chatter", QoS(16), [&](const Sample& s) { received += sample_ok(s) ? 1 : 0; }).value();
    dmxp::rt::Executor exec(test_executor());
    exec.add_node(node);
    BackgroundSpin spin(exec);

    // The talker inherits DMXP_SHM_DIR: it meets this node in the graph and the channel.
    auto talker = peer("talker", {"chatter", std::to_string(n), "depth=16", "wait_go=1"});
    ASSERT_TRUE(talker.wait_token('R', kWaitMs));
    dmxp::rt::GraphSnapshot s = GraphRegistry::open(domain()).value()->snapshot();
    EXPECT_NE(s.node("/listener"), nullptr);
    EXPECT_EQ(s.endpoints_of("/chatter", dmxp::rt::EndpointKind::Publisher).size(), 1u);
    ASSERT_TRUE(talker.send_token('G'));
    EXPECT_TRUE(dmxp_test::ExitsCleanly(talker));
    EXPECT_TRUE(wait_until([&] { return received.load() == n; })) << received.load();
    EXPECT_EQ(info(topic_channel.c_str()).published, n);

    EXPECT_TRUE(in_dir(prefix() + "graph"));
    EXPECT_TRUE(in_dir(prefix() + "keys"));
    EXPECT_TRUE(in_dir(prefix() + "ch." + topic_channel));
    EXPECT_TRUE(channel_exists(topic_channel)) << "dmxp_channel_list looks in the directory";
    EXPECT_TRUE(dmxp_test::shm_entries(prefix()).empty()) << "nothing in /dev/shm";
  }
  // Once the node is gone, gc removes its channels and the graph goes with remove().
  uint32_t removed = 0;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_GE(removed, 1u);
  EXPECT_FALSE(in_dir(prefix() + "ch." + topic_channel));
  ASSERT_TRUE(GraphRegistry::remove(domain()).ok());
  EXPECT_FALSE(in_dir(prefix() + "graph"));
}

TEST_F(ShmDirRt, TheGraphRefusesABadValueNamingTheVariable) {
  setenv("DMXP_SHM_DIR", "relative", 1);
  auto g = GraphRegistry::open(domain());
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status(), DMXP_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(std::string(g.error().what()),
            "invalid argument: DMXP_SHM_DIR 'relative' is not an absolute path; set it to the "
            "absolute path of an existing directory, or unset it to use /dev/shm");
  EXPECT_EQ(GraphRegistry::remove(domain()).status(), DMXP_ERR_INVALID_ARGUMENT);
  setenv("DMXP_SHM_DIR", dir_.path().c_str(), 1);
}

}  // namespace
