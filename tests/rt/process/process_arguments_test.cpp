// The process's --ros-args without dmxp::rt::init: a node program that never calls init (the
// README's first version did not) still comes up renamed, remapped and with its parameters,
// as the runtime reads /proc/self/cmdline itself; NodeOptions that opt out of global
// arguments still opt out; a node's own arguments (a container's per-node ones) win over the
// process's. Checked from outside: the graph registry and the node's parameter service.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "rt_test_support.hpp"

using namespace rt_test;
using dmxp::rt::EndpointKind;

class ProcessArgumentsTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();
    observer_ = std::make_shared<dmxp::rt::Node>("observer", node_options().start_parameter_services(false));
  }
  void TearDown() override {
    observer_.reset();
    RtTest::TearDown();
  }

  // The node `name` is in the graph, run by `pid`, with exactly these topics.
  void expect_node(const std::string& name, pid_t pid, const std::string& subscribed,
                   const std::string& published) {
    // The observer learns of the node and of each endpoint one by one: wait for all three.
    ASSERT_TRUE(wait_until([&] {
      auto s = observer_->graph()->snapshot();
      return s.node(name) != nullptr && !s.endpoints_of(subscribed, EndpointKind::Subscription).empty() &&
             !s.endpoints_of(published, EndpointKind::Publisher).empty();
    })) << name << " and its endpoints never appeared in the graph";
    auto snap = observer_->graph()->snapshot();
    EXPECT_EQ(snap.node(name)->pid, pid);
    auto subs = snap.endpoints_of(subscribed, EndpointKind::Subscription);
    ASSERT_EQ(subs.size(), 1u) << "subscriptions of " << subscribed;
    EXPECT_EQ(subs[0].node, name);
    auto pubs = snap.endpoints_of(published, EndpointKind::Publisher);
    ASSERT_EQ(pubs.size(), 1u) << "publishers of " << published;
    EXPECT_EQ(pubs[0].node, name);
  }

  double threshold_of(const std::string& node) {
    dmxp::rt::ParameterClient pc(*observer_, node);
    EXPECT_TRUE(pc.wait_for_service(5s));
    return pc.get("threshold", 5s).value().get<double>();
  }

  std::shared_ptr<dmxp::rt::Node> observer_;
};

const std::vector<std::string> kRobotArgs{"--ros-args", "-r", "__ns:=/robot", "-r", "scan:=lidar",
                                          "-p", "threshold:=0.5"};

std::vector<std::string> with_robot_args(std::vector<std::string> before) {
  before.insert(before.end(), kRobotArgs.begin(), kRobotArgs.end());
  return before;
}

TEST_F(ProcessArgumentsTest, NodeWithoutInitHonoursTheCommandLine) {
  auto detector = peer("no_init", kRobotArgs);
  ASSERT_TRUE(detector.wait_token('R', kWaitMs));
  expect_node("/robot/obstacle_detector", detector.pid(), "/robot/lidar", "/robot/obstacles");
  auto snap = observer_->graph()->snapshot();
  EXPECT_EQ(snap.node("/obstacle_detector"), nullptr);
  EXPECT_TRUE(snap.endpoints_of("/scan", EndpointKind::Subscription).empty());
  EXPECT_TRUE(snap.endpoints_of("/robot/scan", EndpointKind::Subscription).empty());
  EXPECT_EQ(threshold_of("/robot/obstacle_detector"), 0.5);
  EXPECT_EQ(terminate(detector).code, 0);
}

TEST_F(ProcessArgumentsTest, OptingOutOfGlobalArgumentsIgnoresTheCommandLine) {
  auto detector = peer("no_init", with_robot_args({"opt_out=1"}));
  ASSERT_TRUE(detector.wait_token('R', kWaitMs));
  expect_node("/obstacle_detector", detector.pid(), "/scan", "/obstacles");
  EXPECT_EQ(observer_->graph()->snapshot().node("/robot/obstacle_detector"), nullptr);
  EXPECT_EQ(threshold_of("/obstacle_detector"), 1.0);
  EXPECT_EQ(terminate(detector).code, 0);
}

TEST_F(ProcessArgumentsTest, TheNodesOwnArgumentsWinOverTheCommandLine) {
  auto detector = peer("no_init", with_robot_args({"own_args=1"}));
  ASSERT_TRUE(detector.wait_token('R', kWaitMs));
  expect_node("/mine/obstacle_detector", detector.pid(), "/mine/own_scan", "/mine/obstacles");
  EXPECT_EQ(threshold_of("/mine/obstacle_detector"), 0.25);
  EXPECT_EQ(terminate(detector).code, 0);
}

TEST_F(ProcessArgumentsTest, ContainerPerNodeArgumentsWinOverItsGlobalOnes) {
  // dmxp-container calls init: its trailing --ros-args are global, --load's options per node.
  auto container = program("dmxp-container",
                           {"--load", RT_TEST_COMPONENTS, "rt_test::Talker", "--node-namespace", "/own",
                            "-r", "chatter:=own_chatter", "--ros-args", "-r", "__ns:=/global", "-r",
                            "chatter:=global_chatter", "-r", "__node:=renamed"});
  // The node registers before its publisher: wait for both, or the snapshot may hold the node
  // without the publisher yet.
  ASSERT_TRUE(wait_until([&] {
    auto s = observer_->graph()->snapshot();
    return s.node("/own/renamed") != nullptr && !s.endpoints_of("/own/own_chatter", EndpointKind::Publisher).empty();
  }));
  auto snap = observer_->graph()->snapshot();
  EXPECT_EQ(snap.node("/own/renamed")->pid, container.pid());
  auto pubs = snap.endpoints_of("/own/own_chatter", EndpointKind::Publisher);
  ASSERT_EQ(pubs.size(), 1u);
  EXPECT_EQ(pubs[0].node, "/own/renamed");
  EXPECT_EQ(terminate(container).code, 0);
}

TEST_F(ProcessArgumentsTest, AMalformedCommandLineFailsTheNodeNamingTheArgument) {
  std::string err = std::string(::testing::TempDir()) + "no_init_" + domain() + ".err";
  auto detector = dmxp_test::ChildProcess::exec(
      {"/bin/sh", "-c", "exec " + std::string(RT_TEST_PEER_PATH) + " no_init " + domain() +
                            " --ros-args -r __ns:=/robot -r lidar 2>" + err});
  EXPECT_EQ(detector.wait(kWaitMs).code, 1);
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(err.c_str());
  EXPECT_EQ(text.str(),
            "rt_test_peer: no_init: the process's command line (/proc/self/cmdline; "
            "dmxp::rt::init was not called): argument 'lidar': expected [node:]from:=to\n");
}
