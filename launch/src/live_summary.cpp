#include "live_summary.hpp"

#include <dmxp/msg/typed.hpp>
#include <dmxp_nodes_msgs/msg/LatencyReport.hpp>
#include <lifecycle_msgs/msg/TransitionEvent.hpp>

#include <cstdio>
#include <cstring>

#include "dmxp/rt/channel_names.hpp"
#include "dmxp/rt/graph.hpp"

namespace dmxp::launch {
namespace {

using dmxp_nodes_msgs::msg::LatencyReport;

struct Row {
  std::string topic, channel, type;
  uint64_t published;
  uint32_t producers, consumers;
};

std::vector<Row> topic_rows(const std::string& domain) {
  std::vector<Row> rows;
  dmxp_channel_list(
      domain.c_str(),
      [](const dmxp_channel_info* info, int status, void* user) {
        auto parsed = dmxp::rt::parse_channel_name(info->name);
        if (status == DMXP_OK && parsed && parsed->kind == dmxp::rt::ChannelKind::Topic)
          static_cast<std::vector<Row>*>(user)->push_back(
              {parsed->name, info->name, info->type_name, info->published, info->producers, info->consumers});
        return 0;
      },
      &rows);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.topic < b.topic; });
  return rows;
}

std::string micros(int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f us", double(ns) / 1e3);
  return buf;
}

}  // namespace

LiveSummary::LiveSummary(std::string domain, std::vector<std::string> managed) : domain_(std::move(domain)) {
  for (auto& n : managed) managed_.push_back({std::move(n), std::nullopt, "", 0});
}

Status LiveSummary::watch_lifecycle() {
  using lifecycle_msgs::msg::TransitionEvent;
  for (Managed& m : managed_) {
    Result<std::string> channel = dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, m.node + "/transition_event");
    if (!channel) return channel.error();
    // The node's publisher takes the channel as it finds it (its QoS: reliable, 32 events).
    ChannelOptions o = dmxp::msg::typed_options<TransitionEvent>().capacity(32);
    o.domain(domain_.c_str()).open_mode(DMXP_OPEN_OR_CREATE_ADAPT);
    auto c = Consumer::open(channel.value(), o, ConsumerOptions().start(DMXP_START_NEWEST));
    if (!c) return c.error();
    m.events.emplace(std::move(c).value());
  }
  return Unit{};
}

std::vector<std::string> LiveSummary::lifecycle_lines() {
  std::vector<std::string> lines;
  if (managed_.empty()) return lines;
  std::shared_ptr<dmxp::rt::GraphRegistry> graph;
  if (auto g = dmxp::rt::GraphRegistry::open(domain_)) graph = g.value();
  dmxp::rt::GraphSnapshot s = graph ? graph->snapshot() : dmxp::rt::GraphSnapshot{};
  for (const Managed& m : managed_) {
    const dmxp::rt::GraphNode* n = s.node(m.node);
    std::string state = !n ? "not running" : (m.state.empty() || uint32_t(n->pid) != m.pid) ? "unconfigured" : m.state;
    lines.push_back("lifecycle " + m.node + ": " + state);
  }
  return lines;
}

void LiveSummary::drain() {
  for (Managed& m : managed_) {
    if (!m.events) continue;
    dmxp_message msg;
    while (dmxp_consumer_try_receive(m.events->handle(), &msg) == DMXP_OK) {
      if (msg.size >= sizeof(lifecycle_msgs::msg::TransitionEvent)) {
        lifecycle_msgs::msg::TransitionEvent e;
        std::memcpy(static_cast<void*>(&e), msg.data, sizeof e);
        m.state = e.goal_state.label.str();
        m.pid = uint32_t(msg.producer_pid);
      }
      dmxp_consumer_release(m.events->handle());
    }
  }
  for (const auto& r : topic_rows(domain_)) {
    if (r.type != "dmxp_nodes_msgs/LatencyReport") continue;
    auto it = latency_readers_.find(r.topic);
    if (it == latency_readers_.end()) {
      ChannelOptions o = dmxp::msg::typed_options<LatencyReport>();
      o.domain(domain_.c_str()).open_mode(DMXP_OPEN_EXISTING);
      auto c = Consumer::open(r.channel, o, ConsumerOptions().start(DMXP_START_OLDEST));
      if (!c) continue;
      it = latency_readers_.emplace(r.topic, std::move(c.value())).first;
    }
    dmxp_message m;
    while (dmxp_consumer_try_receive(it->second.handle(), &m) == DMXP_OK) {
      if (m.size < sizeof(LatencyReport)) continue;
      const auto* bytes = static_cast<const unsigned char*>(m.data);
      latest_[r.topic].assign(bytes, bytes + sizeof(LatencyReport));
    }
    dmxp_consumer_release(it->second.handle());
  }
}

std::string LiveSummary::latency_line(const std::string& topic) const {
  auto it = latest_.find(topic);
  if (it == latest_.end()) return {};
  LatencyReport last;
  std::memcpy(static_cast<void*>(&last), it->second.data(), sizeof last);
  return "latency " + topic + ": p50 " + micros(last.p50_ns) + ", p90 " + micros(last.p90_ns) + ", p99 " +
         micros(last.p99_ns) + ", max " + micros(last.max_ns) + " (" + std::to_string(last.count) +
         " samples, " + std::to_string(last.lost) + " lost)";
}

std::vector<std::string> LiveSummary::report(double elapsed_s) {
  std::vector<std::string> lines;
  auto rows = topic_rows(domain_);
  size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.topic.size());
  char head[96];
  std::snprintf(head, sizeof head, "--- %zu topics, rates over the last %.1f s ---", rows.size(), elapsed_s);
  lines.push_back(head);
  for (const auto& r : rows) {
    auto prev = published_.find(r.channel);
    // A channel new since the last report was created within the period.
    double rate = double(r.published - (prev == published_.end() ? 0 : prev->second)) / elapsed_s;
    published_[r.channel] = r.published;
    char line[256];
    std::snprintf(line, sizeof line, "%-*s %-32s %9.1f Hz  %u pub %u sub", int(width), r.topic.c_str(),
                  r.type.empty() ? "(untyped)" : r.type.c_str(), rate, r.producers, r.consumers);
    lines.push_back(line);
  }
  drain();
  for (const auto& [topic, report] : latest_)
    if (std::string l = latency_line(topic); !l.empty()) lines.push_back(l);
  for (std::string& l : lifecycle_lines()) lines.push_back(std::move(l));
  return lines;
}

}  // namespace dmxp::launch
