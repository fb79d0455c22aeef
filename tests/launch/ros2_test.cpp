// ROS 2 YAML launch files: the turtlesim "mimic" example of ROS 2's launch tutorial, in ROS
// 2's format, with its package mapped to DMXP nodes through the package search path
// (turtlesim_node -> launch_test_node, mimic -> dmxp-node-relay), plus the built-in
// dmxp_nodes package, a $(var) argument and a group with push_ros_namespace.
#include <signal.h>
#include <stdlib.h>

#include <filesystem>

#include "launch_harness.hpp"

namespace launch_test {
namespace {

class Ros2Test : public LaunchTest {
 protected:
  void SetUp() override {
    LaunchTest::SetUp();
    std::filesystem::create_directories(dir() + "/pkgs/turtlesim");
    std::filesystem::create_symlink(LAUNCH_TEST_NODE, dir() + "/pkgs/turtlesim/turtlesim_node");
    std::filesystem::create_symlink(std::string(LAUNCH_BIN_DIR) + "/dmxp-node-relay",
                                    dir() + "/pkgs/turtlesim/mimic");
    setenv("DMXP_LAUNCH_PACKAGE_PATH", (dir() + "/pkgs").c_str(), 1);
    write("turtlesim_mimic_launch.yaml",
          "launch:\n"
          "\n"
          "- arg:\n"
          "    name: \"rate\"\n"
          "    default: \"200.0\"\n"
          "\n"
          "- node:\n"
          "    pkg: \"turtlesim\"\n"
          "    exec: \"turtlesim_node\"\n"
          "    name: \"sim\"\n"
          "    namespace: \"turtlesim1\"\n"
          "    param:\n"
          "    -\n"
          "        name: \"rate_hz\"\n"
          "        value: \"$(var rate)\"\n"
          "\n"
          "- node:\n"
          "    pkg: \"turtlesim\"\n"
          "    exec: \"turtlesim_node\"\n"
          "    name: \"sim\"\n"
          "    namespace: \"turtlesim2\"\n"
          "\n"
          "- node:\n"
          "    pkg: \"turtlesim\"\n"
          "    exec: \"mimic\"\n"
          "    name: \"mimic\"\n"
          "    param:\n"
          "    - {name: \"input\", value: \"/input/pose\"}\n"
          "    - {name: \"output\", value: \"/output/cmd_vel\"}\n"
          "    remap:\n"
          "    -\n"
          "        from: \"/input/pose\"\n"
          "        to: \"/turtlesim1/out\"\n"
          "    -\n"
          "        from: \"/output/cmd_vel\"\n"
          "        to: \"/turtlesim2/mimic_cmd\"\n"
          "\n"
          "- group:\n"
          "    - push_ros_namespace:\n"
          "        namespace: \"extra\"\n"
          "    - node:\n"
          "        pkg: \"dmxp_nodes\"\n"
          "        exec: \"imu_sim\"\n"
          "        name: \"imu\"\n");
  }
  void TearDown() override {
    unsetenv("DMXP_LAUNCH_PACKAGE_PATH");
    LaunchTest::TearDown();
  }
};

TEST_F(Ros2Test, TurtlesimMimicRunsOnDmxpNodes) {
  Launcher l(domain(), dir(), {"turtlesim_mimic_launch.yaml"});
  ASSERT_TRUE(l.wait_for("all 4 processes started")) << l.output();
  ASSERT_TRUE(l.wait_for("| node=/turtlesim2/sim ")) << l.output();
  EXPECT_TRUE(l.wait_for("| node=/turtlesim1/sim greeting= count=0 gains=[] level=0 out=/turtlesim1/out"))
      << l.output();
  // The mimic relays the first simulator's messages to the topic its remap names.
  bool relayed = rt_test::wait_until([&] {
    dmxp_channel_info info{};
    return dmxp_channel_info_get(domain(), "t.turtlesim2.mimic_cmd", &info) == DMXP_OK && info.published >= 50;
  });
  EXPECT_TRUE(relayed) << l.output();
  auto graph = dmxp::rt::GraphRegistry::open(domain()).value();
  auto snap = graph->snapshot();
  for (const char* n : {"/turtlesim1/sim", "/turtlesim2/sim", "/mimic", "/extra/imu"})
    EXPECT_NE(snap.node(n), nullptr) << n;
  l.signal(SIGINT);
  LaunchExit r = l.wait();
  EXPECT_TRUE(r.exited && r.code == 0) << l.output();
}

TEST_F(Ros2Test, MissingPackageExecutableIsAnError) {
  write("bad_launch.yaml",
        "launch:\n"
        "- node:\n"
        "    pkg: \"turtlesim\"\n"
        "    exec: \"turtle_teleop_key\"\n"
        "- timer: {period: 1}\n");
  std::string out;
  EXPECT_EQ(run({"--check", "bad_launch.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("bad_launch.yaml:5:3: error: unsupported launch entity 'timer', expected one of: arg, "
                     "let, node, executable, include, group, push_ros_namespace, set_remap, set_env, unset_env, "
                     "set_parameter, node_container, load_composable_node\n"),
            std::string::npos)
      << out;
  write("bad_launch.yaml",
        "launch:\n"
        "- node:\n"
        "    pkg: \"turtlesim\"\n"
        "    exec: \"turtle_teleop_key\"\n");
  EXPECT_EQ(run({"--check", "bad_launch.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("bad_launch.yaml:4:11: error: executable 'turtle_teleop_key' of package 'turtlesim' "
                     "not found on the package path ("),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace launch_test
