// What the graph file says reaches the nodes: parameters (inline, nested, arrays, from a
// parameter file), remappings (node and group), namespaces, environment, arguments given on
// the command line and to includes, conditions.
#include "launch_harness.hpp"

namespace launch_test {
namespace {

class ArgumentsTest : public LaunchTest {
 protected:
  void SetUp() override {
    LaunchTest::SetUp();
    write("graph.yaml",
          "args:\n"
          "  greeting: hello\n"
          "  with_member: \"true\"\n"
          "env:\n"
          "  LAUNCH_TEST_ENV: from_file\n"
          "nodes:\n"
          "  - name: talker\n"
          "    namespace: robot\n"
          "    exec: launch_test_node\n"
          "    parameters:\n"
          "      greeting: $(arg greeting)\n"
          "      count: 7\n"
          "      gains: [0.5, 1.5]\n"
          "      nested: {level: 3}\n"
          "    remap: {out: /robot/chatter}\n"
          "  - group:\n"
          "      namespace: /team\n"
          "      remap: {out: /team/shared}\n"
          "      env: {LAUNCH_TEST_ENV: from_group}\n"
          "      nodes:\n"
          "        - include:\n"
          "            file: $(dirname)/member.yaml\n"
          "            args: {who: b}\n"
          "            if: $(arg with_member)\n"
          "  - name: skipped\n"
          "    exec: launch_test_node\n"
          "    unless: \"true\"\n");
    write("member.yaml",
          "args:\n"
          "  who:\n"
          "nodes:\n"
          "  - name: member_$(arg who)\n"
          "    exec: launch_test_node\n"
          "    param_files: [params.yaml]\n");
    write("params.yaml", "/team/member_b:\n  ros__parameters:\n    count: 42\n    greeting: from_file\n");
  }
};

TEST_F(ArgumentsTest, ParametersRemappingsAndEnvironmentReachTheNodes) {
  std::string out;
  LaunchExit r = run({"--run-time", "2", "graph.yaml", "greeting:=hi"}, &out);
  EXPECT_TRUE(r.exited && r.code == 0) << out;
  EXPECT_NE(out.find("| node=/robot/talker greeting=hi count=7 gains=[0.50,1.50] level=3 "
                     "out=/robot/chatter env=from_file\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("| node=/team/member_b greeting=from_file count=42 gains=[] level=0 "
                     "out=/team/shared env=from_group\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("skipped"), std::string::npos) << out;
  EXPECT_NE(out.find("run time of 2 s is over: stopping"), std::string::npos) << out;
}

TEST_F(ArgumentsTest, ConditionsFollowArguments) {
  std::string out;
  LaunchExit r = run({"--check", "graph.yaml", "with_member:=false"}, &out);
  EXPECT_EQ(r.code, 0) << out;
  EXPECT_EQ(out, "graph.yaml: ok (1 processes, 1 nodes, 0 topics)\n");
  r = run({"--check", "graph.yaml"}, &out);
  EXPECT_EQ(out, "graph.yaml: ok (2 processes, 2 nodes, 0 topics)\n");
  r = run({"--check", "graph.yaml", "nope:=1"}, &out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(out.find("<command line>: error: argument 'nope' is not declared by graph.yaml (declared: "
                     "greeting, with_member)\n"),
            std::string::npos)
      << out;
}

TEST_F(ArgumentsTest, DryRunPrintsTheResolvedCommandLines) {
  std::string out;
  LaunchExit r = run({"--dry-run", "graph.yaml"}, &out);
  EXPECT_EQ(r.code, 0) << out;
  EXPECT_NE(out.find("name: /robot/talker"), std::string::npos) << out;
  EXPECT_NE(out.find(std::string("argv: [") + LAUNCH_TEST_NODE +
                     ", --ros-args, -r, __node:=talker, -r, __ns:=/robot, -p, greeting:=hello, -p, "
                     "count:=7, -p, \"gains:=[0.5, 1.5]\", -p, nested.level:=3, -r, out:=/robot/chatter]"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("--params-file, " + dir() + "/params.yaml"), std::string::npos) << out;
  EXPECT_NE(out.find("env: {LAUNCH_TEST_ENV: from_group}"), std::string::npos) << out;
  EXPECT_TRUE(channels().empty());
}

}  // namespace
}  // namespace launch_test
