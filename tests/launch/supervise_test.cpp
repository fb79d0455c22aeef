// Supervision: crashes are reported with their signal and respawned with backoff up to the
// limit; a required node's exit stops the graph with the right exit status; readiness checks
// order the start; nodes that ignore SIGINT get SIGTERM, then SIGKILL.
#include <signal.h>

#include <fstream>

#include "launch_harness.hpp"

namespace launch_test {
namespace {

using SuperviseTest = LaunchTest;

TEST_F(SuperviseTest, RespawnsANodeKilledWithSigkill) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: worker\n"
        "    exec: launch_test_node\n"
        "    parameters: {rate_hz: 100.0}\n"
        "    respawn: {delay: 0.2, backoff: 2.0, max: 2}\n");
  Launcher l(domain(), dir(), {"graph.yaml"});
  ASSERT_TRUE(l.wait_for("| node=/worker ")) << l.output();
  pid_t first = started_pid(l.output(), "/worker");
  ASSERT_GT(first, 0) << l.output();
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  ASSERT_TRUE(l.wait_for("| node=/worker ", 20'000, 2)) << l.output();
  std::string out = l.output();
  EXPECT_NE(out.find("/worker killed by signal 9 (SIGKILL)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("respawning /worker in 0.2 s (restart 1 of 2)\n"), std::string::npos) << out;
  pid_t second = started_pid(out, "/worker", 2);
  EXPECT_GT(second, 0);
  EXPECT_NE(second, first);
  // The delay doubles: the second crash waits 0.4 s; after the limit the node stays down.
  ASSERT_EQ(::kill(second, SIGKILL), 0);
  ASSERT_TRUE(l.wait_for("respawning /worker in 0.4 s (restart 2 of 2)\n")) << l.output();
  ASSERT_TRUE(l.wait_for("| node=/worker ", 20'000, 3)) << l.output();
  ASSERT_EQ(::kill(started_pid(l.output(), "/worker", 3), SIGKILL), 0);
  ASSERT_TRUE(l.wait_for("/worker reached its respawn limit of 2\n")) << l.output();
  // Nothing is left to run, nothing can come back: the launcher ends by itself.
  LaunchExit r = l.wait();
  EXPECT_TRUE(r.exited && r.code == 0) << l.output();
  EXPECT_NE(l.output().find("every process exited"), std::string::npos) << l.output();
}

TEST_F(SuperviseTest, RequiredNodeFailureStopsTheGraphWithStatusOne) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: steady\n"
        "    exec: launch_test_node\n"
        "    parameters: {rate_hz: 100.0}\n"
        "  - name: brittle\n"
        "    exec: launch_test_node\n"
        "    parameters: {exit_after_s: 0.5, exit_code: 3}\n"
        "    required: true\n");
  std::string out;
  LaunchExit r = run({"graph.yaml"}, &out);
  EXPECT_TRUE(r.exited) << out;
  EXPECT_EQ(r.code, 1) << out;
  EXPECT_NE(out.find("/brittle exited with status 3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("required process /brittle exited: stopping\n"), std::string::npos) << out;
  EXPECT_NE(out.find("/steady exited with status 0\n"), std::string::npos) << out;
}

TEST_F(SuperviseTest, RequiredNodeCleanExitStopsTheGraphWithStatusZero) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: steady\n"
        "    exec: launch_test_node\n"
        "  - name: finisher\n"
        "    exec: launch_test_node\n"
        "    parameters: {exit_after_s: 0.3}\n"
        "    required: true\n");
  std::string out;
  LaunchExit r = run({"graph.yaml"}, &out);
  EXPECT_TRUE(r.exited && r.code == 0) << out;
  EXPECT_NE(out.find("required process /finisher exited: stopping\n"), std::string::npos) << out;
}

TEST_F(SuperviseTest, ReadinessOrdersTheStartThroughTheGraphRegistry) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: first\n"
        "    exec: launch_test_node\n"
        "    parameters: {advertise_delay_s: 1.5}\n"
        "    ready: {topic: out, timeout: 20}\n"
        "  - name: second\n"
        "    exec: launch_test_node\n");
  Launcher l(domain(), dir(), {"graph.yaml"});
  ASSERT_TRUE(l.wait_for("started /first")) << l.output();
  // The first node advertises 'out' only after 1.5 s: until then the second must wait.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_EQ(l.output().find("started /second"), std::string::npos) << l.output();
  ASSERT_TRUE(l.wait_for("all 2 processes started")) << l.output();
  auto graph = dmxp::rt::GraphRegistry::open(domain()).value();
  EXPECT_FALSE(graph->snapshot().endpoints_of("/out", dmxp::rt::EndpointKind::Publisher).empty());
  l.signal(SIGINT);
  EXPECT_EQ(l.wait().code, 0) << l.output();
}

TEST_F(SuperviseTest, ReadinessTimeoutFails) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: quiet\n"
        "    exec: launch_test_node\n"
        "    ready: {topic: never_advertised, timeout: 0.5}\n"
        "  - name: later\n"
        "    exec: launch_test_node\n");
  std::string out;
  LaunchExit r = run({"graph.yaml"}, &out);
  EXPECT_EQ(r.code, 1) << out;
  EXPECT_NE(out.find("node '/quiet' did not advertise '/never_advertised' within its readiness timeout: "
                     "stopping\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("started /later"), std::string::npos) << out;
}

TEST_F(SuperviseTest, EscalatesToSigtermThenSigkill) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: deaf_to_int\n"
        "    exec: /bin/sh\n"
        "    args: [-c, \"trap '' INT; echo up; while true; do sleep 0.05; done\"]\n"
        "    stop_timeout: 0.3\n"
        "  - name: deaf_to_both\n"
        "    exec: /bin/sh\n"
        "    args: [-c, \"trap '' INT TERM; echo up; while true; do sleep 0.05; done\"]\n"
        "    stop_timeout: 0.2\n"
        "    kill_timeout: 0.3\n");
  Launcher l(domain(), dir(), {"graph.yaml"});
  ASSERT_TRUE(l.wait_for("| up", 20'000, 2)) << l.output();
  l.signal(SIGTERM);
  LaunchExit r = l.wait();
  std::string out = l.output();
  EXPECT_TRUE(r.exited && r.code == 0) << out;
  EXPECT_NE(out.find("SIGTERM received: stopping\n"), std::string::npos) << out;
  EXPECT_NE(out.find("/deaf_to_both still runs 0.2 s after SIGINT: sending SIGTERM\n"), std::string::npos) << out;
  EXPECT_NE(out.find("/deaf_to_both still runs 0.3 s after SIGTERM: sending SIGKILL\n"), std::string::npos) << out;
  EXPECT_NE(out.find("/deaf_to_both killed by signal 9 (SIGKILL)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("/deaf_to_int still runs 0.3 s after SIGINT: sending SIGTERM\n"), std::string::npos) << out;
  EXPECT_NE(out.find("/deaf_to_int killed by signal 15 (SIGTERM)\n"), std::string::npos) << out;
}

TEST_F(SuperviseTest, OutputCanGoToPerNodeLogFiles) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: chatty\n"
        "    namespace: /robot\n"
        "    exec: launch_test_node\n"
        "    output: log\n");
  std::string out;
  LaunchExit r = run({"--run-time", "1", "--log-dir", "logs", "graph.yaml"}, &out);
  EXPECT_EQ(r.code, 0) << out;
  EXPECT_EQ(out.find("node=/robot/chatty"), std::string::npos) << out;
  std::ifstream log(dir() + "/logs/robot_chatty.log");
  std::string first;
  std::getline(log, first);
  EXPECT_EQ(first.rfind("node=/robot/chatty ", 0), 0u) << first;
}

}  // namespace
}  // namespace launch_test
