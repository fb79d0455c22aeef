// Graceful shutdown: reverse start order, no process left behind (the process table is
// read), and the channels the nodes wrote hold only whole messages, in order.
#include <signal.h>

#include <dmxp_nodes_msgs/msg/Probe.hpp>

#include <dmxp/msg/typed.hpp>
#include <sstream>

#include "launch_harness.hpp"
#include "probe_pattern.hpp"

namespace launch_test {
namespace {

using dmxp_nodes_msgs::msg::Probe;
using ShutdownTest = LaunchTest;

// Every retained message of the topic: consecutive sequence numbers, intact payloads, the
// last one the node said it published.
void expect_whole_channel(const char* domain, const std::string& channel, uint64_t published) {
  dmxp_channel_info info{};
  ASSERT_EQ(dmxp_channel_info_get(domain, channel.c_str(), &info), DMXP_OK) << channel;
  EXPECT_EQ(info.producers, 0u) << channel;
  EXPECT_EQ(info.repaired_slots, 0u) << channel << ": a producer died mid-write";
  dmxp::ChannelOptions o = dmxp::msg::typed_options<Probe>();
  o.domain(domain).create(false);
  auto c = dmxp::Consumer::open(channel, o, dmxp::ConsumerOptions().start(DMXP_START_OLDEST));
  ASSERT_TRUE(c.ok()) << channel;
  uint64_t expected = UINT64_MAX, count = 0;
  dmxp_message m;
  while (dmxp_consumer_try_receive(c.value().handle(), &m) == DMXP_OK) {
    ASSERT_EQ(m.size, sizeof(Probe));
    const auto* p = static_cast<const Probe*>(m.data);
    if (expected != UINT64_MAX) {
      ASSERT_EQ(p->seq, expected) << channel;
    }
    ASSERT_TRUE(pattern_ok(p->seq, p->pad.data(), p->pad.size())) << channel << " seq " << p->seq;
    expected = p->seq + 1;
    ++count;
  }
  EXPECT_GT(count, 0u) << channel;
  EXPECT_EQ(expected, published) << channel << ": the last message is the last one published";
}

// The count from the node's "stopping after N messages" line, behind its padded label.
uint64_t published_count(const std::string& out, const std::string& label) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    size_t bar = line.find(" | stopping after ");
    if (bar == std::string::npos) continue;
    std::string name = line.substr(0, bar);
    name.erase(name.find_last_not_of(' ') + 1);
    if (name == label) return std::strtoull(line.c_str() + bar + 18, nullptr, 10);
  }
  return 0;
}

TEST_F(ShutdownTest, StopsInReverseOrderLeavingNoOrphansAndWholeChannels) {
  write("graph.yaml",
        "nodes:\n"
        "  - {name: n, namespace: a, exec: launch_test_node, ready: {topic: out}}\n"
        "  - {name: n, namespace: b, exec: launch_test_node, ready: {topic: out}}\n"
        "  - {name: n, namespace: c, exec: launch_test_node, ready: {topic: out}}\n");
  Launcher l(domain(), dir(), {"graph.yaml"});
  ASSERT_TRUE(l.wait_for("all 3 processes started")) << l.output();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(processes_in_domain(domain()).size(), 4u);  // the launcher and three nodes
  l.signal(SIGINT);
  LaunchExit r = l.wait();
  std::string out = l.output();
  EXPECT_TRUE(r.exited && r.code == 0) << out;
  size_t c = out.find("/c/n exited with status 0"), b = out.find("/b/n exited with status 0"),
         a = out.find("/a/n exited with status 0");
  ASSERT_NE(a, std::string::npos) << out;
  ASSERT_NE(b, std::string::npos) << out;
  ASSERT_NE(c, std::string::npos) << out;
  EXPECT_LT(c, b) << out;
  EXPECT_LT(b, a) << out;
  EXPECT_EQ(processes_in_domain(domain()), std::vector<pid_t>{});
  for (const char* n : {"a", "b", "c"}) {
    SCOPED_TRACE(n);
    uint64_t published = published_count(out, std::string("/") + n + "/n");
    EXPECT_GT(published, 0u) << out;
    expect_whole_channel(domain(), std::string("t.") + n + ".out", published);
  }
}

TEST_F(ShutdownTest, NodesDieWithAKilledLauncher) {
  write("graph.yaml",
        "nodes:\n"
        "  - {name: a, exec: launch_test_node}\n"
        "  - {name: b, exec: launch_test_node}\n");
  Launcher l(domain(), dir(), {"graph.yaml"});
  ASSERT_TRUE(l.wait_for("all 2 processes started")) << l.output();
  ASSERT_TRUE(l.wait_for("| node=/b ")) << l.output();
  l.signal(SIGKILL);
  l.wait();
  // PR_SET_PDEATHSIG: each node gets SIGTERM when the launcher dies, and stops cleanly.
  EXPECT_TRUE(rt_test::wait_until([&] { return processes_in_domain(domain()).empty(); }, 10'000));
}

}  // namespace
}  // namespace launch_test
