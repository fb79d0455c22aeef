// ROS 2 launch files read in-process (nothing started): $(eval ...) in XML and YAML (values,
// nested substitutions, conditions) and its errors at the line and column of the construct;
// unset_env and its group scoping; includes as ROS 2 runs them (the includer's launch
// configurations visible, an include's args overriding them, what the included file sets
// staying set after it unless a group scopes it). ros2_features_test.cpp runs the same
// features with real processes.
#include "python_expr.hpp"
#include "ros2_parse_fixture.hpp"

namespace dmxp::launch {
namespace {

// --- $(eval ...) -------------------------------------------------------------------------

void expect_eval_graph(const LaunchGraph& g) {
  ASSERT_EQ(g.nodes.size(), 1u);  // the second node's `unless` evaluated to True
  EXPECT_EQ(g.nodes[0].full_name, "/n6");
  EXPECT_EQ(g.nodes[0].params, (StringPairs{{"p", "6.0"}, {"h", "1.5"}, {"s", "3_x"}, {"b", "False"}}));
}

TEST_F(Ros2ParseTest, EvalInXmlAndYaml) {
  expect_eval_graph(graph("a.launch.xml", R"X(<launch>
  <arg name="n" default="3"/>
  <let name="half" value="$(eval '$(var n) / 2')"/>
  <node exec="/bin/true" name="$(eval &quot;'n' + str($(var n) * 2)&quot;)" if="$(eval '$(var n) > 2 and not False')">
    <param name="p" value="$(eval 'math.sqrt($(var n) * 12)')"/>
    <param name="h" value="$(var half)"/>
    <param name="s" value="$(eval &quot;'$(var n)' + '_x'&quot;)"/>
    <param name="b" value="$(eval '$(var n) &lt; 1 &lt; 5' math)"/>
  </node>
  <node exec="/bin/true" name="skipped" unless="$(eval 'sqrt($(var n)) &lt; 2')"/>
</launch>
)X"));
  expect_eval_graph(graph("a.launch.yaml", R"X(launch:
- arg: {name: n, default: "3"}
- let: {name: half, value: "$(eval '$(var n) / 2')"}
- node:
    exec: /bin/true
    name: "$(eval \"'n' + str($(var n) * 2)\")"
    if: $(eval '$(var n) > 2 and not False')
    param:
    - {name: p, value: "$(eval 'math.sqrt($(var n) * 12)')"}
    - {name: h, value: $(var half)}
    - {name: s, value: "$(eval \"'$(var n)' + '_x'\")"}
    - {name: b, value: "$(eval '$(var n) < 1 < 5' math)"}
- node: {exec: /bin/true, name: skipped, unless: "$(eval 'sqrt($(var n)) < 2')"}
)X"));
}

// An $(eval) error points at the construct in the file: through the file's quoting and
// through nested substitutions (an error in text a $(var) produced points at the $(var)).
TEST_F(Ros2ParseTest, EvalErrorsPointAtTheConstruct) {
  auto col_of = [](const std::string& line, const std::string& needle) { return int(line.find(needle)) + 1; };
  std::string subset = std::string("; ") + kPythonSubset;

  std::string line = "  <node exec=\"/bin/true\" name=\"$(eval '[1][0]')\"/>";
  expect_error("a.xml", "<launch>\n" + line + "\n</launch>\n", 2, col_of(line, "[1]"),
               "$(eval) of '[1][0]': a list or subscript ('[') is not supported" + subset);

  line = "  <node exec=\"/bin/true\" name=\"$(eval '$(var x) + 1')\"/>";
  expect_error("a.xml", "<launch>\n  <arg name=\"x\" default=\"abc\"/>\n" + line + "\n</launch>\n", 3,
               col_of(line, "$(var"), "$(eval) of 'abc + 1': name 'abc' is not defined");

  line = "- node: {exec: /bin/true, name: \"$(eval '1 / 0')\"}";
  expect_error("a.yaml", "launch:\n" + line + "\n", 2, col_of(line, "/ 0"), "$(eval) of '1 / 0': division by zero");

  line = "- node: {exec: /bin/true, name: $(eval 1 + 2)}";
  expect_error("a.yaml", "launch:\n" + line + "\n", 2, col_of(line, "$(eval"),
               "$(eval) takes one expression (and optionally its modules), got 3 arguments; quote an "
               "expression that has spaces: $(eval '1 + 2')");

  line = "- node: {exec: /bin/true, name: \"$(eval '1' os)\"}";
  expect_error("a.yaml", "launch:\n" + line + "\n", 2, col_of(line, "os"),
               "$(eval) with the module 'os': only the math module is available");

  line = "- node: {exec: /bin/true, name: \"$(eval '1 + 2)\"}";
  expect_error("a.yaml", "launch:\n" + line + "\n", 2, col_of(line, "'1"),
               "unterminated quoted argument in '$(eval '1 + 2)', expected a closing '");

  line = "- node: {exec: /bin/true, name: \"$(eval (1))\"}";
  expect_error("a.yaml", "launch:\n" + line + "\n", 2, col_of(line, "(1"),
               "'(' in an unquoted argument of $(eval ...); quote the argument: $(eval '...')");
}

// --- unset_env ---------------------------------------------------------------------------

TEST_F(Ros2ParseTest, UnsetEnvLastsToTheEndOfItsGroup) {
  const char* xml = R"X(<launch>
  <set_env name="A" value="1"/>
  <group>
    <unset_env name="A"/>
    <node exec="/bin/true" name="inner"/>
  </group>
  <node exec="/bin/true" name="after_group"/>
  <unset_env name="HOME"/>
  <node exec="/bin/true" name="last"/>
</launch>
)X";
  const char* yaml = R"X(launch:
- set_env: {name: A, value: "1"}
- group:
  - unset_env: {name: A}
  - node: {exec: /bin/true, name: inner}
- node: {exec: /bin/true, name: after_group}
- unset_env: {name: HOME}
- node: {exec: /bin/true, name: last}
)X";
  for (const auto& g : {graph("a.xml", xml), graph("a.yaml", yaml)}) {
    ASSERT_EQ(g.nodes.size(), 3u);
    EXPECT_EQ(g.nodes[0].env, (StringPairs{{"A", "1"}, {"A", kUnsetEnvValue}}));
    EXPECT_EQ(g.nodes[1].env, (StringPairs{{"A", "1"}}));
    EXPECT_EQ(g.nodes[2].env, (StringPairs{{"A", "1"}, {"HOME", kUnsetEnvValue}}));
  }
  expect_error("b.xml", "<launch>\n  <unset_env name=\"A\" value=\"x\"/>\n</launch>\n", 2, 23,
               "unknown attribute 'value' in <unset_env>, expected one of: name");
  // (a one-attribute entity with an unknown attribute once crashed the reader)
  expect_error("b.xml", "<launch>\n  <push-ros-namespace namespace=\"a\" nmae=\"x\"/>\n</launch>\n", 2, 37,
               "unknown attribute 'nmae' in <push-ros-namespace>, expected one of: namespace");
}

// --- includes ----------------------------------------------------------------------------

TEST_F(Ros2ParseTest, IncludesSeeAndChangeTheIncludersConfigurations) {
  write("child.launch.xml", R"X(<launch>
  <arg name="mode" default="slow"/>
  <arg name="speed"/>
  <node exec="/bin/true" name="child_$(var robot)_$(var mode)_$(var speed)_$(var extra)"/>
  <let name="leaked" value="yes"/>
  <set_env name="FROM_CHILD" value="1"/>
</launch>
)X");
  write("scoped.launch.yaml", "launch:\n- let: {name: mode, value: changed}\n- set_env: {name: SCOPED, value: '1'}\n");
  LaunchGraph g = graph("parent.launch.xml", R"X(<launch>
  <arg name="robot" default="r1"/>
  <let name="mode" value="fast"/>
  <include file="child.launch.xml">
    <arg name="speed" value="2"/>
    <let name="extra" value="e"/>
  </include>
  <node exec="/bin/true" name="after_$(var leaked)_$(var speed)"/>
  <group>
    <include file="$(dirname)/scoped.launch.yaml"/>
  </group>
  <node exec="/bin/true" name="$(var mode)"/>
</launch>
)X");
  ASSERT_EQ(g.nodes.size(), 3u);
  // The includer's arg and let reach the child (its own default loses to the let); the
  // include's arg and let are the child's configurations.
  EXPECT_EQ(g.nodes[0].full_name, "/child_r1_fast_2_e");
  // ROS 2 includes are not scoped: the child's let, the include's arg and the child's
  // set_env are still there after it...
  EXPECT_EQ(g.nodes[1].full_name, "/after_yes_2");
  EXPECT_EQ(g.nodes[1].env, (StringPairs{{"FROM_CHILD", "1"}}));
  // ...unless a group scopes the include.
  EXPECT_EQ(g.nodes[2].full_name, "/fast");
  EXPECT_EQ(g.nodes[2].env, (StringPairs{{"FROM_CHILD", "1"}}));

  // An argument without default must still be given by the include itself, as ROS 2 checks.
  write("needs.launch.xml", "<launch>\n  <arg name=\"speed\"/>\n</launch>\n");
  std::string err = only_error("p2.launch.xml",
                               "<launch>\n  <let name=\"speed\" value=\"1\"/>\n  <include file=\"needs.launch.xml\"/>\n</launch>\n");
  EXPECT_EQ(err.substr(0, err.find('\n')), std::filesystem::weakly_canonical(dir_).string() + "/needs.launch.xml:2:14: error: argument 'speed' has no default and "
                                            "was not given; pass speed:=value (command line or include args)");
}

// GroupAction forwarding="false": the group starts from its keeps alone (ROS 2 resets the
// launch configurations, which hold the namespace and global parameters too).
TEST_F(Ros2ParseTest, GroupWithoutForwardingStartsFromItsKeeps) {
  const char* xml = R"X(<launch>
  <arg name="robot" default="r1"/>
  <let name="mode" value="fast"/>
  <push-ros-namespace namespace="outer"/>
  <set_parameter name="p" value="1"/>
  <group forwarding="false">
    <keep name="who" value="$(var robot)_kept"/>
    <node exec="/bin/true" name="$(var who)"/>
  </group>
  <node exec="/bin/true" name="$(var mode)"/>
</launch>
)X";
  const char* yaml = R"X(launch:
- arg: {name: robot, default: r1}
- let: {name: mode, value: fast}
- push-ros-namespace: {namespace: outer}
- set_parameter: {name: p, value: 1}
- group:
    forwarding: false
    keep: [{name: who, value: $(var robot)_kept}]
    children:
    - node: {exec: /bin/true, name: $(var who)}
- node: {exec: /bin/true, name: $(var mode)}
)X";
  for (const auto& g : {graph("a.xml", xml), graph("a.yaml", yaml)}) {
    ASSERT_EQ(g.nodes.size(), 2u);
    EXPECT_EQ(g.nodes[0].full_name, "/r1_kept");
    EXPECT_TRUE(g.nodes[0].params.empty());
    EXPECT_EQ(g.nodes[1].full_name, "/outer/fast");  // scoped: all back after the group
    EXPECT_EQ(g.nodes[1].params, (StringPairs{{"p", "1"}}));
  }
  expect_error("b.xml",
               "<launch>\n  <let name=\"mode\" value=\"fast\"/>\n  <group forwarding=\"false\">\n"
               "    <node exec=\"/bin/true\" name=\"$(var mode)\"/>\n  </group>\n</launch>\n",
               4, 34, "unknown argument 'mode' in $(var mode), declared arguments: none");
}

}  // namespace
}  // namespace dmxp::launch
