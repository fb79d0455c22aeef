// A downstream node built against an installed DMXP (find_package(dmxp COMPONENTS rt)):
// publishes a typed message (a type the runtime installs) and receives it back through an
// executor; exit 0 on success.
#include <dmxp/rt/executor.hpp>
#include <dmxp/rt/node.hpp>
#include <dmxp_rt_msgs/msg/ParameterEntry.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <unistd.h>

int main() {
  using Entry = dmxp_rt_msgs::msg::ParameterEntry;
  const std::string domain = "instrt" + std::to_string(getpid());
  bool received = false;
  {
    dmxp::rt::Node node("downstream_node", dmxp::rt::NodeOptions().domain(domain));
    auto sub = node.create_subscription<Entry>("echo", dmxp::rt::QoS().keep_last(4),
        [&](const Entry& e) { received = e.name.view() == "answer"; }).value();
    auto pub = node.create_publisher<Entry>("echo", dmxp::rt::QoS().keep_last(4)).value();
    Entry e{};
    e.name.assign("answer");
    pub.publish(e).value();
    dmxp::rt::SingleThreadedExecutor exec;
    exec.add_node(node);
    for (int i = 0; i < 50 && !received; ++i) exec.spin_for(std::chrono::milliseconds(100));
    exec.remove_node(node);
  }
  uint32_t removed = 0;
  dmxp_channel_gc(domain.c_str(), 1, &removed);
  for (const char* seg : {".keys", ".graph"}) unlink(("/dev/shm/dmxp." + domain + seg).c_str());
  std::puts(received ? "downstream node: ok" : "downstream node: nothing received");
  return received ? 0 : 1;
}
