// Bad input: each class of mistake gives its exact one-line error with file:line:col and
// exit status 2, before anything starts.
#include "launch_harness.hpp"

namespace launch_test {
namespace {

class ErrorsTest : public LaunchTest {
 protected:
  // Runs `dmxp-launch [--check] graph.yaml`; expects exit 2 and `error` as a whole line.
  void expect_error(const std::string& error, bool check = true) {
    std::string out;
    std::vector<std::string> args{"graph.yaml"};
    if (check) args.insert(args.begin(), "--check");
    LaunchExit r = run(args, &out);
    EXPECT_TRUE(r.exited) << out;
    EXPECT_EQ(r.code, 2) << out;
    EXPECT_NE(out.find(error + "\n"), std::string::npos) << "expected:\n" << error << "\ngot:\n" << out;
    EXPECT_NE(out.find("; nothing was started\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("started "), std::string::npos) << out;
  }
};

TEST_F(ErrorsTest, UnknownKeyNamesTheKeyAndTheAllowedOnes) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: a\n"
        "    exec: launch_test_node\n"
        "    namepsace: /x\n");
  expect_error("graph.yaml:4:5: error: unknown key 'namepsace' in a node, expected one of: name, "
               "namespace, exec, component, parameters, param_files, remap, ready, lifecycle, env, args, cwd, "
               "respawn, required, stop_timeout, kill_timeout, output, if, unless");
}

TEST_F(ErrorsTest, UnknownTopLevelKey) {
  write("graph.yaml", "node:\n  - name: a\n");
  expect_error("graph.yaml:1:1: error: unknown key 'node' in a graph file, expected one of: args, "
               "env, topics, containers, nodes, lifecycle");
}

TEST_F(ErrorsTest, WrongShapeOfAValue) {
  write("graph.yaml",
        "topics:\n"
        "  - name: /scan\n"
        "    capacity: [1, 2]\n");
  expect_error("graph.yaml:3:15: error: 'capacity' of a topic must be a scalar, got a sequence");
}

TEST_F(ErrorsTest, WrongTypeOfAScalar) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: a\n"
        "    exec: launch_test_node\n"
        "    respawn: maybe\n"
        "    stop_timeout: soon\n");
  expect_error("graph.yaml:4:14: error: 'respawn' must be true or false, got 'maybe'");
  expect_error("graph.yaml:5:19: error: 'stop_timeout' must be a number >= 0, got 'soon'");
}

TEST_F(ErrorsTest, MissingExecutable) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: a\n"
        "    exec: no_such_program_for_dmxp\n");
  // Without --check too: the launcher refuses before starting anything.
  expect_error("graph.yaml:3:11: error: executable 'no_such_program_for_dmxp' not found in the "
               "launcher's directory or PATH; give a path or add its directory to PATH",
               false);
  EXPECT_TRUE(channels().empty());
}

TEST_F(ErrorsTest, DuplicateNodeNames) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: a\n"
        "    exec: launch_test_node\n"
        "  - group:\n"
        "      namespace: /\n"
        "      nodes:\n"
        "        - name: a\n"
        "          exec: launch_test_node\n");
  expect_error("graph.yaml:7:11: error: duplicate node name '/a', first declared at graph.yaml:2:5; "
               "give one of them another name or namespace");
}

TEST_F(ErrorsTest, IncludeCycle) {
  write("graph.yaml", "nodes:\n  - include: {file: b.yaml}\n");
  write("b.yaml", "nodes:\n  - include:\n      file: graph.yaml\n");
  expect_error(dir() + "/b.yaml:3:13: error: include cycle: " + dir() + "/graph.yaml -> " + dir() +
               "/b.yaml -> " + dir() + "/graph.yaml");
}

TEST_F(ErrorsTest, TopicDeclaredWithTwoTypes) {
  write("graph.yaml",
        "topics:\n"
        "  - {name: /scan, type: sensor_msgs/LaserScan}\n"
        "nodes:\n"
        "  - include: {file: sensors.yaml}\n");
  write("sensors.yaml",
        "topics:\n"
        "  - name: scan\n"
        "    type: sensor_msgs/Imu\n");
  expect_error(dir() + "/sensors.yaml:2:5: error: topic '/scan' is declared with type "
               "'sensor_msgs/Imu' here and 'sensor_msgs/LaserScan' at graph.yaml:2:5; a topic has one type");
}

TEST_F(ErrorsTest, UnknownMessageType) {
  write("graph.yaml", "topics:\n  - {name: /scan, type: sensor_msgs/LaserScn}\n");
  std::string out;
  EXPECT_EQ(run({"--check", "graph.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("graph.yaml:2:5: error: message type 'sensor_msgs/LaserScn' of topic '/scan' not "
                     "found (no layout descriptor in "),
            std::string::npos)
      << out;
}

TEST_F(ErrorsTest, ArgumentsAndSubstitutions) {
  write("graph.yaml",
        "args:\n"
        "  rate: 10\n"
        "  robot:\n"
        "nodes:\n"
        "  - name: a\n"
        "    exec: launch_test_node\n"
        "    parameters: {rate_hz: $(arg rte)}\n"
        "  - name: b\n"
        "    exec: launch_test_node\n"
        "    if: $(env DMXP_LAUNCH_TEST_UNSET_VARIABLE)\n"
        "  - name: c\n"
        "    exec: $(shell ls)\n");
  expect_error("graph.yaml:3:3: error: argument 'robot' has no default and was not given; pass "
               "robot:=value (command line or include args)");
  expect_error("graph.yaml:7:27: error: unknown argument 'rte' in $(arg rte), declared arguments: rate, robot");
  expect_error("graph.yaml:10:9: error: environment variable 'DMXP_LAUNCH_TEST_UNSET_VARIABLE' is not "
               "set; set it or give a default: $(env DMXP_LAUNCH_TEST_UNSET_VARIABLE default)");
  expect_error("graph.yaml:12:11: error: unknown substitution '$(shell...)', expected $(arg name), "
               "$(var name), $(env NAME [default]), $(optenv NAME [default]), $(dirname), "
               "$(find-pkg-share package) or $(eval 'python expression')");
}

TEST_F(ErrorsTest, NotYaml) {
  write("graph.yaml", "nodes:\n  - name: [a\n");
  std::string out;
  EXPECT_EQ(run({"--check", "graph.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("graph.yaml:3:1: error: not valid YAML: "), std::string::npos) << out;
}

TEST_F(ErrorsTest, MissingFileAndUsage) {
  std::string out;
  EXPECT_EQ(run({"--check", "absent.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("absent.yaml: error: cannot read the graph file (does it exist?)\n"), std::string::npos) << out;
  EXPECT_EQ(run({"--run-time", "x", "graph.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("dmxp-launch: --run-time needs a positive number of seconds\n"), std::string::npos) << out;
}

TEST_F(ErrorsTest, ComponentOfAnUndeclaredContainer) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: imu\n"
        "    component: {container: box, library: dmxp_node_imu_sim, class: dmxp_nodes::ImuSim}\n");
  expect_error("graph.yaml:2:5: error: component '/imu' names container 'box', which is not declared "
               "(declared: none)");
}

}  // namespace
}  // namespace launch_test
