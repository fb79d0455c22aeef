// Managed nodes under dmxp-launch (lifecycle: true): configured all, then activated all, in
// start order, deactivated, cleaned up and shut down in reverse order before any process is
// stopped; the order is read from the nodes' own transition events, merged by their keys (one
// ordered key space per domain: a key follows every message its publisher had seen). Also a
// failing configure, a respawned managed node, autostart off, the summary, and bad values.
#include <signal.h>

#include <lifecycle_msgs/msg/TransitionEvent.hpp>

#include <algorithm>
#include <map>

#include "launch_harness.hpp"

namespace launch_test {
namespace {

using namespace std::chrono_literals;

class LifecycleLaunchTest : public LaunchTest {
 protected:
  // Every transition event of these nodes, in key order: "/a configure", "/a transition_success".
  std::vector<std::string> events(const std::vector<std::string>& nodes) {
    std::map<uint64_t, std::string> by_key;
    for (const std::string& node : nodes) {
      dmxp::ChannelOptions o = dmxp::msg::typed_options<lifecycle_msgs::msg::TransitionEvent>();
      o.domain(domain()).open_mode(DMXP_OPEN_EXISTING);
      std::string channel = "t" + node;
      std::replace(channel.begin(), channel.end(), '/', '.');
      auto c = dmxp::Consumer::open(channel + ".transition_event", o, dmxp::ConsumerOptions().start(DMXP_START_OLDEST));
      if (!c) return {node + ": " + c.error().what()};
      dmxp_message m;
      while (dmxp_consumer_try_receive(c.value().handle(), &m) == DMXP_OK) {
        const auto& e = *static_cast<const lifecycle_msgs::msg::TransitionEvent*>(m.data);
        by_key[m.key] = node + " " + e.transition.label.str() + " -> " + e.goal_state.label.str();
        dmxp_consumer_release(c.value().handle());
      }
    }
    std::vector<std::string> out;
    for (auto& [key, text] : by_key) out.push_back(text);
    return out;
  }
  std::string state_of(const std::string& node) {
    dmxp::rt::Node self("probe", node_options());
    auto s = dmxp::rt::LifecycleClient(self, node).get_state(5s);
    return s ? std::string(s.value().label()) : std::string("error: ") + s.error().what();
  }
};

// The three steps of one node's transition into `goal`.
std::vector<std::string> step(const std::string& node, const std::string& transition, const std::string& via,
                              const std::string& goal) {
  return {node + " " + transition + " -> " + via, node + " transition_success -> " + goal};
}

std::vector<std::string> concat(std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST_F(LifecycleLaunchTest, ConfiguresAllThenActivatesAllAndTakesThemDownBeforeStopping) {
  write("graph.yaml",
        "containers:\n"
        "  - name: box\n"
        "nodes:\n"
        "  - name: camera\n"
        "    exec: rt_test_lifecycle_node\n"
        "    lifecycle: true\n"
        "  - name: plain\n"                      // the same program, not managed by the launcher
        "    exec: rt_test_lifecycle_node\n"
        "  - name: lidar\n"
        "    namespace: /robot\n"
        "    component: {container: box, library: rt_test_lifecycle_components, class: rt_test::ManagedNode}\n"
        "    lifecycle: true\n"
        "  - name: planner\n"
        "    exec: rt_test_lifecycle_node\n"
        "    lifecycle: true\n");
  Launcher l(domain(), dir(), {"--summary", "0.5", "--no-color", "graph.yaml"});
  ASSERT_TRUE(l.wait_for("dmxp-launch | lifecycle: 3 managed nodes active\n")) << l.output();
  ASSERT_TRUE(l.wait_for("dmxp-launch | lifecycle /robot/lidar: active\n")) << l.output();
  EXPECT_TRUE(l.wait_for("dmxp-launch | lifecycle /camera: active\n")) << l.output();
  EXPECT_EQ(state_of("/plain"), "unconfigured");
  l.signal(SIGINT);
  LaunchExit r = l.wait();
  ASSERT_TRUE(r.exited && r.code == 0) << l.output();
  EXPECT_EQ(events({"/camera", "/robot/lidar", "/planner", "/plain"}),
            concat({step("/camera", "configure", "configuring", "inactive"),
                    step("/robot/lidar", "configure", "configuring", "inactive"),
                    step("/planner", "configure", "configuring", "inactive"),
                    step("/camera", "activate", "activating", "active"),
                    step("/robot/lidar", "activate", "activating", "active"),
                    step("/planner", "activate", "activating", "active"),
                    step("/planner", "deactivate", "deactivating", "inactive"),
                    step("/robot/lidar", "deactivate", "deactivating", "inactive"),
                    step("/camera", "deactivate", "deactivating", "inactive"),
                    step("/planner", "cleanup", "cleaningup", "unconfigured"),
                    step("/robot/lidar", "cleanup", "cleaningup", "unconfigured"),
                    step("/camera", "cleanup", "cleaningup", "unconfigured"),
                    step("/planner", "shutdown", "shuttingdown", "finalized"),
                    step("/robot/lidar", "shutdown", "shuttingdown", "finalized"),
                    step("/camera", "shutdown", "shuttingdown", "finalized"),
                    // Processes are stopped only then: /plain goes down with its process.
                    step("/plain", "shutdown", "shuttingdown", "finalized")}))
      << l.output();
  std::string out = l.output();
  EXPECT_NE(out.find("dmxp-launch | lifecycle: /camera configured\n"), std::string::npos) << out;
  EXPECT_NE(out.find("dmxp-launch | lifecycle: /camera shut down\n"), std::string::npos) << out;
  EXPECT_LT(out.find("lifecycle: /camera shut down\n"), out.find("/planner exited with status 0\n")) << out;
}

TEST_F(LifecycleLaunchTest, AFailedConfigureStopsTheGraphWithStatusOne) {
  write("graph.yaml",
        "lifecycle: {timeout: 5}\n"
        "nodes:\n"
        "  - name: good\n"
        "    exec: rt_test_lifecycle_node\n"
        "    lifecycle: true\n"
        "  - name: broken\n"
        "    exec: rt_test_lifecycle_node\n"
        "    parameters: {on_configure_returns: FAILURE}\n"
        "    lifecycle: true\n");
  std::string out;
  LaunchExit r = run({"--no-color", "graph.yaml"}, &out);
  EXPECT_TRUE(r.exited) << out;
  EXPECT_EQ(r.code, 1) << out;
  EXPECT_NE(out.find("dmxp-launch | lifecycle: could not configure /broken: its transition failed (now "
                     "unconfigured [1]): stopping\n"),
            std::string::npos)
      << out;
  // Nothing was activated; both were shut down from where they were.
  EXPECT_EQ(events({"/good", "/broken"}),
            concat({step("/good", "configure", "configuring", "inactive"),
                    {"/broken configure -> configuring", "/broken transition_failure -> unconfigured"},
                    step("/good", "cleanup", "cleaningup", "unconfigured"),
                    step("/broken", "shutdown", "shuttingdown", "finalized"),
                    step("/good", "shutdown", "shuttingdown", "finalized")}));
}

TEST_F(LifecycleLaunchTest, ARespawnedManagedNodeIsBroughtBackUp) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: worker\n"
        "    exec: rt_test_lifecycle_node\n"
        "    lifecycle: true\n"
        "    respawn: {delay: 0.1}\n");
  Launcher l(domain(), dir(), {"--no-color", "graph.yaml"});
  ASSERT_TRUE(l.wait_for("dmxp-launch | lifecycle: 1 managed node active\n")) << l.output();
  pid_t first = started_pid(l.output(), "/worker");
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  ASSERT_TRUE(l.wait_for("dmxp-launch | lifecycle: 1 managed node active\n", 20'000, 2)) << l.output();
  EXPECT_EQ(state_of("/worker"), "active");
  l.signal(SIGINT);
  EXPECT_EQ(l.wait().code, 0) << l.output();
}

TEST_F(LifecycleLaunchTest, WithoutAutostartTheyWaitButStillShutDownFirst) {
  write("graph.yaml",
        "lifecycle: {autostart: false}\n"
        "nodes:\n"
        "  - name: idle\n"
        "    exec: rt_test_lifecycle_node\n"
        "    lifecycle: true\n");
  Launcher l(domain(), dir(), {"--no-color", "graph.yaml"});
  ASSERT_TRUE(l.wait_for("all 1 processes started\n")) << l.output();
  ASSERT_TRUE(rt_test::wait_until([&] { return state_of("/idle") == "unconfigured"; })) << l.output();
  l.signal(SIGINT);
  EXPECT_EQ(l.wait().code, 0) << l.output();
  EXPECT_EQ(events({"/idle"}), step("/idle", "shutdown", "shuttingdown", "finalized"));
  EXPECT_NE(l.output().find("dmxp-launch | lifecycle: /idle shut down\n"), std::string::npos) << l.output();
}

TEST_F(LifecycleLaunchTest, DryRunShowsTheManagedNodes) {
  write("graph.yaml",
        "lifecycle: {timeout: 3}\n"
        "nodes:\n"
        "  - name: cam\n"
        "    exec: rt_test_lifecycle_node\n"
        "    lifecycle: true\n");
  std::string out;
  ASSERT_EQ(run({"--dry-run", "graph.yaml"}, &out).code, 0) << out;
  EXPECT_EQ(out.rfind("lifecycle: {autostart: true, timeout: 3}\n", 0), 0u) << out;
  EXPECT_NE(out.find("    lifecycle: [/cam]\n"), std::string::npos) << out;
}

class LifecycleErrorsTest : public LaunchTest {
 protected:
  void expect_error(const std::string& error) {
    std::string out;
    LaunchExit r = run({"--check", "graph.yaml"}, &out);
    EXPECT_TRUE(r.exited && r.code == 2) << out;
    EXPECT_NE(out.find(error + "\n"), std::string::npos) << "expected:\n" << error << "\ngot:\n" << out;
  }
};

TEST_F(LifecycleErrorsTest, BadValuesNameTheirPlace) {
  write("graph.yaml",
        "lifecycle: {autostart: soon, timeout: -1}\n"
        "nodes:\n"
        "  - name: a\n"
        "    exec: rt_test_lifecycle_node\n"
        "    lifecycle: maybe\n");
  expect_error("graph.yaml:1:24: error: 'autostart' must be true or false, got 'soon'");
  expect_error("graph.yaml:1:39: error: 'timeout' must be a number >= 0, got '-1'");
  expect_error("graph.yaml:5:16: error: 'lifecycle' must be true or false, got 'maybe'");
}

TEST_F(LifecycleErrorsTest, UnknownSettingsAndTheirShape) {
  write("graph.yaml", "lifecycle: {autostrat: true}\nnodes: []\n");
  expect_error("graph.yaml:1:13: error: unknown key 'autostrat' in the lifecycle settings, expected one of: "
               "autostart, timeout");
  write("graph.yaml", "lifecycle: true\nnodes: []\n");
  expect_error("graph.yaml:1:12: error: the lifecycle settings must be a mapping, got a scalar");
}

TEST_F(LifecycleErrorsTest, SettingsBelongToTheTopLevelFile) {
  write("part.yaml", "lifecycle: {autostart: false}\nnodes: []\n");
  write("graph.yaml", "nodes:\n  - include: {file: part.yaml}\n");
  expect_error("part.yaml:1:12: error: the 'lifecycle' settings apply to the whole graph: write them in the "
               "top-level file " + dir() + "/graph.yaml");
}

}  // namespace
}  // namespace launch_test
