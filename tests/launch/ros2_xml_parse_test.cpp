// ROS 2 XML and YAML launch files read in-process (parse and expand, nothing started): each
// class of XML syntax error and of launch-file mistake with its exact text, line, column
// and caret; the same launch description written in XML and in YAML giving the same graph;
// let and set_parameter in both formats; launch-prefix words; the shell-word splitter.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "expand.hpp"
#include "parse.hpp"
#include "ros2_parse_fixture.hpp"
#include "split.hpp"

namespace dmxp::launch {
namespace {

// --- XML syntax: each error at the place it was found, with the line and a caret ----------

TEST_F(Ros2ParseTest, XmlSyntaxErrorsNameLineAndColumn) {
  expect_error("a.xml", "<launch>\n  <node pkg=\"p\" exec=\"e\">\n</launch>\n", 3, 1,
               "not valid XML: </launch> does not close <node> (opened at line 2, column 3)");
  expect_error("a.xml", "<launch>\n  <node pkg=p/>\n</launch>\n", 2, 13,
               "not valid XML: the value of attribute 'pkg' must be quoted, got 'p'");
  expect_error("a.xml", "<launch>\n  <arg name=\"a\" name=\"b\"/>\n</launch>\n", 2, 17,
               "not valid XML: attribute 'name' given twice in <arg>");
  expect_error("a.xml", "<launch>\n  <arg name=\"a&nbsp;\"/>\n</launch>\n", 2, 15,
               "not valid XML: unknown entity '&nbsp;', expected &lt; &gt; &amp; &quot; &apos; or &#N;");
  expect_error("a.xml", "<launch>\n  hello\n</launch>\n", 2, 3,
               "not valid XML: text in <launch>; launch entities take their values in attributes");
  expect_error("a.xml", "<launch>\n  <!-- open\n", 2, 3,
               "not valid XML: unterminated comment (no closing '-->')");
  expect_error("a.xml", "<launch>\n  <node\n", 2, 3,
               "not valid XML: unterminated start tag <node>");
  expect_error("a.xml", "<launch/>\n<launch/>\n", 2, 1,
               "not valid XML: a second root element; a launch file has one <launch> element");
  expect_error("a.xml", "<launch>\n  <arg name=\"a<b\"/>\n</launch>\n", 2, 15,
               "not valid XML: '<' in the value of attribute 'name'; write &lt;");
}

TEST_F(Ros2ParseTest, XmlReferencesAndCommentsAreRead) {
  LaunchGraph g = graph("a.xml",
                        "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<launch version=\"0.1.1\">\n"
                        "  <node exec=\"/bin/true\" name=\"n\">\n"
                        "    <param name=\"s\" value=\"a&lt;b&amp;&#x41;&#66;&quot;\"/>\n"
                        "  </node>\n</launch>\n");
  ASSERT_EQ(g.nodes.size(), 1u);
  ASSERT_EQ(g.nodes[0].params.size(), 1u);
  EXPECT_EQ(g.nodes[0].params[0].second, "a<b&AB\"");
}

// --- launch-file mistakes: the same rules and words in XML and YAML ------------------------

TEST_F(Ros2ParseTest, XmlLaunchMistakesPointAtTheAttributeOrElement) {
  expect_error("a.xml", "<launch>\n  <node exec=\"/bin/true\" nmae=\"x\"/>\n</launch>\n", 2, 26,
               "unknown attribute 'nmae' in <node>, expected one of: pkg, exec, name, namespace, "
                "args, respawn, respawn_delay, output, cwd, launch_prefix, if, unless");
  expect_error("a.xml", "<launch>\n  <node exec=\"/bin/true\">\n    <parm name=\"a\"/>\n  </node>\n</launch>\n", 3, 5,
               "unexpected <parm> in <node>, expected one of: param, remap, env");
  expect_error("a.xml", "<launch>\n  <timer period=\"1\"/>\n</launch>\n", 2, 3,
               "unsupported launch entity 'timer', expected one of: arg, let, node, executable, "
                "include, group, push_ros_namespace, set_remap, set_env, unset_env, set_parameter, node_container, "
                "load_composable_node");
  expect_error("a.xml", "<launch>\n  <node exec=\"/bin/true\" name=\"$(var nope)\"/>\n</launch>\n", 2, 32,
               "unknown argument 'nope' in $(var nope), declared arguments: none");
  expect_error("a.xml", "<launch>\n  <node exec=\"/bin/true\" launch-prefix=\"gdb 'x\"/>\n</launch>\n", 2, 41,
               "launch-prefix: unterminated ' quote");
  expect_error("a.xml", "<launch>\n  <node exec=\"/bin/true\">\n    <param name=\"a\"/>\n  </node>\n</launch>\n", 3, 5,
               "param 'a' needs a 'value'");
  expect_error("a.xml", "<robot/>\n", 1, 1,
               "the root element of an XML launch file must be <launch>, got <robot>");
  expect_error("a.xml", "<launch>\n  <let name=\"x\"/>\n</launch>\n", 2, 3,
               "a let needs 'name' and 'value'");
  expect_error("a.xml", "<launch>\n  <node_container pkg=\"other\" exec=\"component_container\" name=\"c\"/>\n</launch>\n", 2, 24,
               "a node_container runs dmxp-container: 'pkg' must be rclcpp_components, got 'other'");
  expect_error("a.xml", "<launch>\n  <load_composable_node>\n  </load_composable_node>\n</launch>\n", 2, 3,
               "a load_composable_node needs 'target' (a node_container of this launch)");
}

TEST_F(Ros2ParseTest, YamlLaunchMistakesUseTheSameRules) {
  expect_error("a.yaml", "launch:\n- node:\n    exec: /bin/true\n    nmae: x\n", 4, 5,
               "unknown key 'nmae' in a node, expected one of: pkg, exec, name, namespace, args, "
                "respawn, respawn_delay, output, cwd, launch_prefix, if, unless, param, remap, env");
  expect_error("a.yaml", "launch:\n- timer: {period: 1}\n", 2, 3,
               "unsupported launch entity 'timer', expected one of: arg, let, node, executable, "
                "include, group, push_ros_namespace, set_remap, set_env, unset_env, set_parameter, node_container, "
                "load_composable_node");
  expect_error("a.yaml", "launch:\n- set_parameter: {name: a}\n", 2, 3,
               "a set_parameter needs 'name' and 'value'");
}

// --- the same description in both formats ----------------------------------------------

const char* kXml = R"X(<launch>
  <arg name="robot" default="r1"/>
  <let name="who" value="$(var robot)_x"/>
  <set_parameter name="use_sim_time" value="true"/>
  <set_env name="A" value="1"/>
  <group>
    <push-ros-namespace namespace="$(var robot)"/>
    <set_remap from="cmd" to="/mux/cmd"/>
    <let name="who" value="inner"/>
    <node pkg="dmxp_nodes" exec="relay" name="$(var who)" launch-prefix="taskset -c 0">
      <param name="rate" value="2.5"/>
      <param name="limits"><param name="min" value="1"/></param>
      <param name="rays" value="1,2,3" value-sep=","/>
      <remap from="in" to="/scan"/>
      <env name="B" value="2"/>
    </node>
  </group>
  <node exec="/bin/true" name="$(var who)" output="both"/>
</launch>
)X";

const char* kYaml = R"X(launch:
- arg: {name: robot, default: r1}
- let: {name: who, value: $(var robot)_x}
- set_parameter: {name: use_sim_time, value: true}
- set_env: {name: A, value: "1"}
- group:
  - push-ros-namespace: {namespace: $(var robot)}
  - set_remap: {from: cmd, to: /mux/cmd}
  - let: {name: who, value: inner}
  - node:
      pkg: dmxp_nodes
      exec: relay
      name: $(var who)
      launch-prefix: taskset -c 0
      param:
      - {name: rate, value: 2.5}
      - {name: limits, param: [{name: min, value: 1}]}
      - {name: rays, value: [1, 2, 3]}
      remap: [{from: in, to: /scan}]
      env: [{name: B, value: "2"}]
- node: {exec: /bin/true, name: $(var who), output: both}
)X";

void expect_described_graph(const LaunchGraph& g) {
  ASSERT_EQ(g.nodes.size(), 2u);
  const LaunchNode& relay = g.nodes[0];
  EXPECT_EQ(relay.full_name, "/r1/inner");  // the group's let, its pushed namespace
  EXPECT_EQ(relay.pkg, "dmxp_nodes");
  EXPECT_EQ(relay.launch_prefix, (std::vector<std::string>{"taskset", "-c", "0"}));
  EXPECT_EQ(relay.params, (StringPairs{{"use_sim_time", "true"}, {"rate", "2.5"}, {"limits.min", "1"},
                                       {"rays", "[1, 2, 3]"}}));
  EXPECT_EQ(relay.remaps, (StringPairs{{"in", "/scan"}, {"cmd", "/mux/cmd"}}));
  EXPECT_EQ(relay.env, (StringPairs{{"A", "1"}, {"B", "2"}}));
  const LaunchNode& after = g.nodes[1];
  EXPECT_EQ(after.full_name, "/r1_x");  // the group's let and namespace ended with it
  EXPECT_EQ(after.params, (StringPairs{{"use_sim_time", "true"}}));
  EXPECT_TRUE(after.remaps.empty());
  EXPECT_FALSE(after.policy.log_file);
}

TEST_F(Ros2ParseTest, XmlAndYamlDescribeTheSameGraph) {
  expect_described_graph(graph("a.launch.xml", kXml));
  expect_described_graph(graph("a.launch.yaml", kYaml));
}

TEST_F(Ros2ParseTest, UnscopedGroupLeaksItsLetAndParameters) {
  LaunchGraph g = graph("a.xml",
                        R"xml(<launch>
  <let name="n" value="a"/>
  <group scoped="false">
    <let name="n" value="b"/>
    <set_parameter name="p" value="1"/>
  </group>
  <node exec="/bin/true" name="$(var n)"/>
</launch>
)xml");
  ASSERT_EQ(g.nodes.size(), 1u);
  EXPECT_EQ(g.nodes[0].full_name, "/b");
  EXPECT_EQ(g.nodes[0].params, (StringPairs{{"p", "1"}}));
}

TEST_F(Ros2ParseTest, ContainersAndComposableNodes) {
  LaunchGraph g = graph("a.xml", R"X(<launch>
  <node_container pkg="rclcpp_components" exec="component_container" name="box" namespace="robot">
    <composable_node pkg="dmxp_nodes" plugin="dmxp_nodes::Relay" name="relay" namespace="robot">
      <param name="input" value="/a"/>
      <extra_arg name="use_intra_process_comms" value="true"/>
    </composable_node>
  </node_container>
  <load_composable_node target="/robot/box">
    <composable_node pkg="dmxp_nodes" plugin="dmxp_nodes::Throttle" name="throttle"/>
  </load_composable_node>
</launch>
)X");
  ASSERT_EQ(g.containers.size(), 1u);
  EXPECT_EQ(g.containers[0].full_name, "/robot/box");
  ASSERT_EQ(g.nodes.size(), 2u);
  EXPECT_EQ(g.nodes[0].full_name, "/robot/relay");
  EXPECT_EQ(g.nodes[0].container, "box");
  EXPECT_EQ(g.nodes[0].class_name, "dmxp_nodes::Relay");
  EXPECT_EQ(g.nodes[0].pkg, "dmxp_nodes");
  EXPECT_EQ(g.nodes[1].full_name, "/throttle");
  EXPECT_EQ(g.nodes[1].container, "/robot/box");  // matched by full name when resolved
}

TEST(ShellWords, CommandWordsKeepSubstitutionsWhole) {
  EXPECT_EQ(split_words_keeping_substitutions("$(dirname)/show.sh  x=$(var x) $(eval '(1 + 2) * 3') y"),
            (std::vector<std::string>{"$(dirname)/show.sh", "x=$(var x)", "$(eval '(1 + 2) * 3')", "y"}));
}

TEST(ShellWords, SplitLikeAShell) {
  std::string why;
  EXPECT_EQ(*split_shell_words("gdb -ex run --args", &why), (std::vector<std::string>{"gdb", "-ex", "run", "--args"}));
  EXPECT_EQ(*split_shell_words("  a 'b c'  \"d \\\" e\" f\\ g ''", &why),
            (std::vector<std::string>{"a", "b c", "d \" e", "f g", ""}));
  EXPECT_FALSE(split_shell_words("a \"b", &why));
  EXPECT_EQ(why, "unterminated \" quote");
  EXPECT_FALSE(split_shell_words("a\\", &why));
  EXPECT_EQ(why, "a trailing backslash escapes nothing");
}

}  // namespace
}  // namespace dmxp::launch
