// The launcher's process states on /dmxp_launch/processes (dmxp_nodes_msgs/ProcessStates):
// every process with its state, pid, restarts and last exit, republished on each change, the
// newest kept in the channel for readers that come later (the dashboard of dmxp-foxglove).
#include <signal.h>

#include <cstring>
#include <memory>

#include <dmxp_nodes_msgs/msg/ProcessStates.hpp>

#include "launch_harness.hpp"

namespace launch_test {
namespace {

using dmxp_nodes_msgs::msg::ProcessStates;
using ProcessStatesTest = LaunchTest;

// The newest message on the channel, copied.
std::unique_ptr<ProcessStates> newest(const char* domain) {
  dmxp_channel_options c;
  dmxp_channel_options_init(&c);
  c.domain = domain;
  c.open_mode = DMXP_OPEN_EXISTING;
  dmxp_consumer_options o;
  dmxp_consumer_options_init(&o);
  o.passive = 1;
  dmxp_consumer* consumer = nullptr;
  if (dmxp_consumer_open("t.dmxp_launch.processes", &c, &o, &consumer) != DMXP_OK) return nullptr;
  dmxp_channel_info info;
  dmxp_channel_info_get(domain, "t.dmxp_launch.processes", &info);
  dmxp_consumer_seek(consumer, info.last_key);
  auto out = std::make_unique<ProcessStates>();
  dmxp_message m;
  bool got = dmxp_consumer_try_receive(consumer, &m) == DMXP_OK && m.size == sizeof(ProcessStates);
  if (got) std::memcpy(static_cast<void*>(out.get()), m.data, sizeof(ProcessStates));
  got = got && dmxp_consumer_release(consumer) == DMXP_OK;
  dmxp_consumer_close(consumer);
  return got ? std::move(out) : nullptr;
}

TEST_F(ProcessStatesTest, EveryChangeIsPublishedWithStateRestartsAndLastExit) {
  write("graph.yaml",
        "nodes:\n"
        "  - name: flaky\n"
        "    exec: /bin/sh\n"
        "    args: [-c, \"exit 3\"]\n"
        "    respawn: {delay: 0.1, max: 1}\n"
        "  - name: steady\n"
        "    exec: /bin/sh\n"
        "    args: [-c, \"echo up; while true; do sleep 0.05; done\"]\n");
  Launcher l(domain(), dir(), {"graph.yaml"});
  ASSERT_TRUE(l.wait_for("/flaky reached its respawn limit of 1")) << l.output();
  ASSERT_TRUE(l.wait_for("| up")) << l.output();
  std::unique_ptr<ProcessStates> s;
  ASSERT_TRUE(rt_test::wait_until([&] {
    s = newest(domain());
    return s && s->processes.size() == 2 && s->processes[0].state == "exited" && s->processes[1].state == "running";
  })) << l.output();
  EXPECT_EQ(s->launcher_pid, l.pid());
  EXPECT_EQ(s->processes[0].name, "/flaky");
  EXPECT_EQ(s->processes[0].restarts, 1u);
  EXPECT_EQ(s->processes[0].last_exit, "exited with status 3");
  EXPECT_EQ(s->processes[1].name, "/steady");
  EXPECT_EQ(s->processes[1].pid, started_pid(l.output(), "/steady"));
  EXPECT_EQ(s->processes[1].restarts, 0u);
  EXPECT_EQ(s->processes[1].last_exit, "");

  l.signal(SIGTERM);
  EXPECT_EQ(l.wait().code, 0) << l.output();
  s = newest(domain());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->processes[1].state, "exited");
  EXPECT_NE(s->processes[1].last_exit, "");
}

}  // namespace
}  // namespace launch_test
