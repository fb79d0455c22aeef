// The graph registry's tables in one process (and one forked child that dies registered).
#include <sys/wait.h>
#include <unistd.h>

#include "rt_test_support.hpp"

using namespace dmxp::rt;
using rt_test::RtTest;

class GraphRegistryTest : public RtTest {};

TEST_F(GraphRegistryTest, RegistersNodesAndEndpointsAndRemovesThem) {
  auto g = GraphRegistry::open(domain()).value();
  EXPECT_TRUE(dmxp_test::shm_exists(GraphRegistry::segment_name(domain())));
  uint64_t gen0 = g->generation();
  auto n = g->add_node("/robot", "lidar").value();
  auto pub = g->add_endpoint(n, EndpointKind::Publisher, "/robot/scan", "sensor_msgs/LaserScan",
                             0x1234, QoS(5).best_effort().deadline_period(std::chrono::milliseconds(100))).value();
  g->add_endpoint(n, EndpointKind::ServiceServer, "/robot/lidar/_parameters", "p/Req", 7, QoS()).value();
  EXPECT_GT(g->generation(), gen0);
  GraphSnapshot s = g->snapshot();
  ASSERT_EQ(s.nodes.size(), 1u);
  EXPECT_EQ(s.nodes[0].full_name, "/robot/lidar");
  EXPECT_EQ(s.nodes[0].pid, getpid());
  EXPECT_GT(s.nodes[0].start_ns, 0u);
  ASSERT_EQ(s.endpoints.size(), 2u);
  auto pubs = s.endpoints_of("/robot/scan", EndpointKind::Publisher);
  ASSERT_EQ(pubs.size(), 1u);
  EXPECT_EQ(pubs[0].type_name, "sensor_msgs/LaserScan");
  EXPECT_EQ(pubs[0].type_fingerprint, 0x1234u);
  EXPECT_EQ(pubs[0].node, "/robot/lidar");
  EXPECT_EQ(pubs[0].qos.depth, 5u);
  EXPECT_EQ(pubs[0].qos.reliability, Reliability::BestEffort);
  EXPECT_EQ(pubs[0].qos.deadline, std::chrono::milliseconds(100));

  g->remove_endpoint(pub);
  g->remove_endpoint(pub);  // a stale handle frees nothing
  EXPECT_EQ(g->snapshot().endpoints.size(), 1u);
  g->remove_node(n);  // and its remaining endpoints
  s = g->snapshot();
  EXPECT_TRUE(s.nodes.empty());
  EXPECT_TRUE(s.endpoints.empty());
}

TEST_F(GraphRegistryTest, HeartbeatsMove) {
  auto g = GraphRegistry::open(domain()).value();
  auto n = g->add_node("/", "beat").value();
  uint64_t first = g->snapshot().nodes.at(0).heartbeat_ns;
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  g->heartbeat(n);
  EXPECT_GT(g->snapshot().nodes.at(0).heartbeat_ns, first);
  g->remove_node(n);
}

TEST_F(GraphRegistryTest, EntriesOfDeadProcessesAreRemoved) {
  auto g = GraphRegistry::open(domain()).value();
  auto mine = g->add_node("/", "survivor").value();
  pid_t child = fork();
  if (child == 0) {
    auto h = g->add_node("/", "doomed");
    if (h) g->add_endpoint(h.value(), EndpointKind::Subscription, "/t", "x/Y", 1, QoS());
    _exit(h ? 0 : 1);  // dies without unregistering
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  GraphSnapshot s = g->snapshot();
  ASSERT_EQ(s.nodes.size(), 1u);
  EXPECT_EQ(s.nodes[0].name, "survivor");
  EXPECT_TRUE(s.endpoints.empty());
  g->remove_node(mine);
}

TEST_F(GraphRegistryTest, ReportsAFullTable) {
  auto g = GraphRegistry::open(domain()).value();
  std::vector<GraphRegistry::Handle> nodes;
  for (;;) {
    auto h = g->add_node("/", "n" + std::to_string(nodes.size()));
    if (!h) {
      EXPECT_EQ(h.status(), DMXP_ERR_RESOURCE);
      EXPECT_NE(std::string(h.error().what()).find("full"), std::string::npos);
      break;
    }
    nodes.push_back(h.value());
  }
  EXPECT_EQ(nodes.size(), 256u);
  for (auto h : nodes) g->remove_node(h);
}

TEST_F(GraphRegistryTest, RefusesASegmentOfAnotherVersion) {
  auto g = GraphRegistry::open(domain()).value();
  g.reset();
  // Overwrite the version field of the segment (offset 8).
  std::string path = "/dev/shm/" + GraphRegistry::segment_name(domain());
  FILE* f = std::fopen(path.c_str(), "r+b");
  ASSERT_NE(f, nullptr);
  uint32_t v = 99;
  std::fseek(f, 8, SEEK_SET);
  std::fwrite(&v, sizeof v, 1, f);
  std::fclose(f);
  auto again = GraphRegistry::open(domain());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status(), DMXP_ERR_INCOMPATIBLE);
  EXPECT_NE(std::string(again.error().what()).find(path), std::string::npos) << again.error().what();
}
