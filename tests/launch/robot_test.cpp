// The robot example (examples/robot/graph.yaml): it validates, and a short run moves data
// through every stage: sensors (components in a container) -> odometry -> planner ->
// controller, with the live summary showing the command rate and both latency reports.
#include <cstdio>
#include <sstream>

#include "launch_harness.hpp"

namespace launch_test {
namespace {

using RobotTest = LaunchTest;

const std::string kGraph = std::string(LAUNCH_SOURCE_DIR) + "/examples/robot/graph.yaml";

TEST_F(RobotTest, Validates) {
  std::string out;
  EXPECT_EQ(run({"--check", kGraph}, &out).code, 0) << out;
  EXPECT_EQ(out, kGraph + ": ok (6 processes, 11 nodes, 8 topics)\n");
  EXPECT_EQ(run({"--check", kGraph, "use_camera:=false"}, &out).code, 0) << out;
  EXPECT_EQ(out, kGraph + ": ok (6 processes, 10 nodes, 7 topics)\n");
}

// The rate in the last summary line of a topic ("dmxp-launch | /robot/cmd_vel  type  12.0 Hz").
double last_rate(const std::string& out, const std::string& topic) {
  std::istringstream lines(out);
  double rate = -1;
  for (std::string line; std::getline(lines, line);) {
    size_t at = line.find("| " + topic + " ");
    if (at == std::string::npos) continue;
    std::istringstream fields(line.substr(at + 2 + topic.size()));
    std::string type;
    fields >> type >> rate;
  }
  return rate;
}

TEST_F(RobotTest, RunsEndToEnd) {
  std::string out;
  LaunchExit r = run({"--run-time", "5", "--summary", "1.5", kGraph, "use_camera:=false"}, &out, 60'000);
  EXPECT_TRUE(r.exited && r.code == 0) << out;
  EXPECT_NE(out.find("all 6 processes started"), std::string::npos) << out;
  EXPECT_GT(last_rate(out, "/robot/imu"), 50.0) << out;
  EXPECT_GT(last_rate(out, "/robot/scan"), 3.0) << out;
  EXPECT_GT(last_rate(out, "/robot/path"), 1.0) << out;
  EXPECT_GT(last_rate(out, "/robot/cmd_vel"), 10.0) << out;
  EXPECT_NE(out.find("latency /robot/controller/latency: p50 "), std::string::npos) << out;
  EXPECT_NE(out.find("latency /latency_probe/report: p50 "), std::string::npos) << out;
  EXPECT_NE(out.find("scan to command: p50 "), std::string::npos) << out;
}

}  // namespace
}  // namespace launch_test
