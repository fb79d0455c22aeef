#include "process_states.hpp"

#include <unistd.h>

#include <chrono>
#include <optional>

#include <dmxp_nodes_msgs/msg/ProcessStates.hpp>

#include "dmxp/msg/typed.hpp"
#include "dmxp/rt/channel_names.hpp"

namespace dmxp::launch {

using dmxp_nodes_msgs::msg::ProcessStates;

struct ProcessStatePublisher::Impl {
  std::optional<Producer> producer;
};

ProcessStatePublisher::ProcessStatePublisher(const std::string& domain) : impl_(std::make_unique<Impl>()) {
  auto channel = dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, kProcessStatesTopic);
  ChannelOptions o = dmxp::msg::typed_options<ProcessStates>();
  o.domain(domain.c_str()).backpressure(DMXP_KEEP_LAST).capacity(4);
  auto p = Producer::open(channel.value(), o);
  if (!p) {
    error_ = std::string("cannot publish process states on ") + kProcessStatesTopic + ": " + p.error().what();
    return;
  }
  impl_->producer.emplace(std::move(p.value()));
}

ProcessStatePublisher::~ProcessStatePublisher() = default;

void ProcessStatePublisher::publish(const std::vector<ProcessStatus>& processes) {
  if (!impl_->producer) return;
  auto slot = impl_->producer->loan(sizeof(ProcessStates));
  if (!slot) return;
  auto* m = new (slot.value()) ProcessStates();
  m->launcher_pid = getpid();
  m->stamp_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  for (const ProcessStatus& s : processes) {
    if (m->processes.full()) break;
    m->processes.resize(m->processes.size() + 1);
    auto& e = m->processes.data()[m->processes.size() - 1];
    // Names longer than the field are cut (a label is for people); the state always fits.
    (void)e.name.try_assign(std::string_view(s.name).substr(0, decltype(e.name)::kCapacity));
    e.pid = s.pid;
    (void)e.state.try_assign(s.state);
    e.restarts = s.restarts;
    (void)e.last_exit.try_assign(std::string_view(s.last_exit).substr(0, decltype(e.last_exit)::kCapacity));
  }
  impl_->producer->commit(sizeof(ProcessStates));
}

}  // namespace dmxp::launch
