// ROS 2 XML launch files run for real: nodes found through the package path, with let,
// set_parameter, inline params (nested, value-sep) and a parameter file whose "/**",
// full-name, root-namespace and nested-namespace keys apply as ROS 2 applies them (read back
// from what the nodes print); launch-prefix through a wrapper script that records its argv
// and through `taskset -c 0` (read back from /proc); a node_container with a composable
// node and a load_composable_node into it (read back from the graph and the parameter service).
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dmxp/rt/parameter_client.hpp"
#include "launch_harness.hpp"

namespace launch_test {
namespace {

using namespace std::chrono_literals;

class Ros2XmlTest : public LaunchTest {
 protected:
  void SetUp() override {
    LaunchTest::SetUp();
    add_demo_package();
    // The wrapper records the command line it was given, then runs it.
    write("wrap.sh", "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/argv.txt\"\nexec \"$@\"\n");
    chmod((dir() + "/wrap.sh").c_str(), 0755);
    write("params.yaml",
          "/**:\n  ros__parameters:\n    greeting: from_wildcard\n    count: 1\n"
          "/robot/talker:\n  ros__parameters:\n    count: 42\n"
          "talker:                 # the node /talker only: not /robot/talker\n"
          "  ros__parameters:\n    greeting: wrong_node\n"
          "robot:\n  listener:\n    ros__parameters:\n      count: 7\n");
    write("robot.launch.xml", R"X(<?xml version="1.0"?>
<launch>
  <arg name="ns" default="robot"/>
  <let name="params" value="$(dirname)/params.yaml"/>
  <set_parameter name="nested.level" value="3"/>
  <group>
    <push-ros-namespace namespace="$(var ns)"/>
    <node pkg="demo" exec="talker" name="talker" launch-prefix="$(dirname)/wrap.sh">
      <param name="gains" value="0.5,1.5" value-sep=","/>
      <param name="rate_hz" value="100.0"/>
      <param from="$(var params)"/>
    </node>
    <node pkg="demo" exec="talker" name="listener" launch-prefix="taskset -c 0">
      <param name="rate_hz" value="100.0"/>
      <param from="$(var params)"/>
    </node>
  </group>
  <node_container pkg="rclcpp_components" exec="component_container" name="box" namespace="$(var ns)">
    <composable_node pkg="dmxp_nodes" plugin="dmxp_nodes::Relay" name="relay" namespace="$(var ns)">
      <param name="input" value="/robot/out"/>
      <param name="output" value="/robot/relayed"/>
    </composable_node>
  </node_container>
  <load_composable_node target="/robot/box">
    <composable_node pkg="dmxp_nodes" plugin="dmxp_nodes::Throttle" name="throttle" namespace="robot">
      <param name="rate_hz" value="5.0"/>
    </composable_node>
  </load_composable_node>
</launch>
)X");
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(Ros2XmlTest, NodesParametersPrefixesAndComponentsFromAnXmlFile) {
  Launcher l(domain(), dir(), {"robot.launch.xml"});
  ASSERT_TRUE(l.wait_for("all 3 processes started")) << l.output();
  // The full name wins over "/**" written before it; "talker:" is the root's /talker only.
  EXPECT_TRUE(l.wait_for("| node=/robot/talker greeting=from_wildcard count=42 gains=[0.50,1.50] level=3 "
                         "out=/robot/out env=-"))
      << l.output();
  // "robot: listener:" is the namespace written as a nesting level.
  EXPECT_TRUE(l.wait_for("| node=/robot/listener greeting=from_wildcard count=7 gains=[] level=3 "
                         "out=/robot/out env=-"))
      << l.output();

  // launch-prefix: the wrapper got the node's command line; taskset pinned the other to CPU 0.
  std::string argv = read_file(dir() + "/argv.txt");
  EXPECT_EQ(argv.rfind(dir() + "/pkgs/demo/talker" + " --ros-args -r __node:=talker -r __ns:=/robot ", 0), 0u)
      << argv;
  pid_t listener = started_pid(l.output(), "/robot/listener");
  ASSERT_GT(listener, 0) << l.output();
  std::string status = read_file("/proc/" + std::to_string(listener) + "/status");
  EXPECT_NE(status.find("Cpus_allowed_list:\t0\n"), std::string::npos) << status;

  // The container runs both components: the one declared in it and the one loaded into it.
  auto graph = dmxp::rt::GraphRegistry::open(domain()).value();
  bool both = rt_test::wait_until([&] {
    auto snap = graph->snapshot();
    return snap.node("/robot/relay") && snap.node("/robot/throttle");
  });
  EXPECT_TRUE(both) << l.output();
  auto me = std::make_shared<dmxp::rt::Node>("xml_test", node_options());
  dmxp::rt::ParameterClient relay(*me, "/robot/relay");
  ASSERT_TRUE(relay.wait_for_service(5s));
  EXPECT_EQ(relay.get("output", 5s).value().get<std::string>(), "/robot/relayed");
  dmxp::rt::ParameterClient throttle(*me, "/robot/throttle");
  ASSERT_TRUE(throttle.wait_for_service(5s));
  EXPECT_EQ(throttle.get("rate_hz", 5s).value().get<double>(), 5.0);

  l.signal(SIGINT);
  LaunchExit r = l.wait();
  EXPECT_TRUE(r.exited && r.code == 0) << l.output();
}

TEST_F(Ros2XmlTest, UnknownComponentAndPrefixProgramAreErrors) {
  write("bad.launch.xml",
        "<launch>\n"
        "  <node pkg=\"demo\" exec=\"talker\" launch-prefix=\"no-such-debugger --x\"/>\n"
        "  <node_container pkg=\"rclcpp_components\" exec=\"component_container\" name=\"box\">\n"
        "    <composable_node pkg=\"dmxp_nodes\" plugin=\"dmxp_nodes::Nope\" name=\"n\"/>\n"
        "  </node_container>\n"
        "</launch>\n");
  std::string out;
  EXPECT_EQ(run({"--check", "bad.launch.xml"}, &out).code, 2);
  EXPECT_NE(out.find("bad.launch.xml:2:49: error: launch-prefix program 'no-such-debugger' not found in the "
                     "launcher's directory or PATH\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("bad.launch.xml:4:5: error: component 'dmxp_nodes::Nope' of package 'dmxp_nodes' not "
                     "found in the component index (share/ament_index/resource_index/rclcpp_components/dmxp_nodes under "),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace launch_test
