// The dashboard's JSON (served by http_connection.cpp, drawn by web/dashboard.js): what the
// graph registry, the channels, the topic reader and the sessions say now. Everything here
// runs on the network thread and reads state the refresh keeps current; nothing here reads
// a channel itself.
#include <cstring>
#include <set>

#include <dmxp_nodes_msgs/msg/ProcessStates.hpp>

#include "dmxp/rt/channel_names.hpp"
#include "server.hpp"

namespace dmxp::foxglove {

using nlohmann::json;

namespace {

constexpr const char* kLatencyNames[] = {"p50", "p90", "p99", "max", "count"};

json points_json(const std::vector<std::pair<uint64_t, double>>& points) {
  json t = json::array(), v = json::array();
  for (const auto& [time, value] : points) {
    t.push_back(time);
    v.push_back(value);
  }
  return json{{"t", std::move(t)}, {"v", std::move(v)}};
}

struct ConsumerRow {
  int pid;
  uint64_t lag, lost, received;
  bool live, gating;
  std::string name;
};

std::vector<ConsumerRow> consumers_of(const std::string& domain, const std::string& channel) {
  std::vector<ConsumerRow> rows;
  dmxp_channel_consumers(domain.c_str(), channel.c_str(), [](const dmxp_consumer_record_info* c, void* user) {
    static_cast<std::vector<ConsumerRow>*>(user)->push_back(
        {c->pid, c->lag, c->lost, c->received, c->live != 0, c->gating != 0, c->name});
    return 0;
  }, &rows);
  return rows;
}

json process_states_json(const LatestMessage& latest) {
  using dmxp_nodes_msgs::msg::ProcessStates;
  std::vector<unsigned char> bytes;
  uint64_t time_ns = 0;
  if (!latest.get(&bytes, &time_ns) || bytes.size() < sizeof(ProcessStates)) return nullptr;
  // The channel was checked to carry this type (its fingerprint) before it was read.
  auto m = std::make_unique<ProcessStates>();
  std::memcpy(static_cast<void*>(m.get()), bytes.data(), sizeof(ProcessStates));
  json list = json::array();
  for (const auto& p : m->processes)
    list.push_back({{"name", p.name.str()}, {"pid", p.pid}, {"state", p.state.str()},
                    {"restarts", p.restarts}, {"last_exit", p.last_exit.str()}});
  return json{{"launcher_pid", m->launcher_pid}, {"stamp_ns", m->stamp_ns}, {"processes", std::move(list)}};
}

}  // namespace

std::string Server::state_json() {
  const std::string& domain = node_.domain();
  json j;
  timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  j["server"] = {{"name", options_.name}, {"domain", domain}, {"port", port_},
                 {"time_ns", uint64_t(now.tv_sec) * 1'000'000'000u + uint64_t(now.tv_nsec)},
                 {"slow_clients_closed", slow_clients_closed_}};
  // Nodes, and which node is which pid (to name a channel's consumers).
  std::map<int, std::vector<std::string>> nodes_of_pid;
  json nodes = json::array();
  for (const auto& n : snapshot_.nodes) {
    nodes.push_back({{"name", n.full_name}, {"pid", n.pid}, {"heartbeat_ns", n.heartbeat_ns}});
    nodes_of_pid[n.pid].push_back(n.full_name);
  }
  j["nodes"] = std::move(nodes);

  std::map<std::string, ReadStats> reads = reader_.stats();
  json topics = json::array();
  std::set<std::string> topic_names;
  for (const auto& [channel, info] : channels_) {
    auto parsed = dmxp::rt::parse_channel_name(channel);
    if (!parsed || parsed->kind != dmxp::rt::ChannelKind::Topic) continue;
    topic_names.insert(parsed->name);
    json t{{"topic", parsed->name}, {"channel", channel}, {"type", std::string(info.type_name)},
           {"published", info.published}, {"slot_size", info.slot_size}, {"capacity", info.capacity},
           {"reliable", info.backpressure == DMXP_RELIABLE}};
    const auto& samples = rates_[channel];
    double rate = 0;
    if (samples.size() >= 2) {
      double dt = double(samples.back().time_ns - samples.front().time_ns) / 1e9;
      if (dt > 0) rate = double(samples.back().published - samples.front().published) / dt;
    }
    t["rate_hz"] = rate;
    uint64_t message_size = 0;
    if (auto offer = catalog_.find_topic(parsed->name)) {
      t["channel_id"] = offer->id;
      message_size = offer->codec->message_size();
    }
    // Bytes a publisher commits per message: the fixed layout of its type.
    t["message_size"] = message_size ? message_size : info.slot_size;
    t["bandwidth_Bps"] = rate * double(message_size ? message_size : info.slot_size);
    json pubs = json::array(), subs = json::array();
    for (const auto& ep : snapshot_.endpoints) {
      if (ep.name != parsed->name) continue;
      if (ep.kind == dmxp::rt::EndpointKind::Publisher) pubs.push_back(ep.node);
      if (ep.kind == dmxp::rt::EndpointKind::Subscription) subs.push_back(ep.node);
    }
    t["publishers"] = std::move(pubs);
    t["subscribers"] = std::move(subs);
    json readers = json::array();
    for (const ConsumerRow& c : consumers_of(domain, channel)) {
      std::string who = c.pid == getpid() ? "dmxp-foxglove" : "";
      if (who.empty() && nodes_of_pid.count(c.pid)) {
        for (const auto& n : nodes_of_pid[c.pid]) who += (who.empty() ? "" : ", ") + n;
      }
      readers.push_back({{"pid", c.pid}, {"node", who}, {"name", c.name}, {"live", c.live},
                         {"lag", c.lag}, {"lost", c.lost}, {"received", c.received}, {"passive", !c.gating}});
    }
    t["readers"] = std::move(readers);
    if (auto r = reads.find(channel); r != reads.end())
      t["server_reads"] = {{"read", r->second.read}, {"overwritten", r->second.overwritten},
                           {"torn", r->second.torn}, {"encode_errors", r->second.encode_errors}};
    topics.push_back(std::move(t));
  }
  j["topics"] = std::move(topics);
  json refused = json::object();
  for (const auto& [topic, why] : catalog_.refused()) refused[topic] = why;
  j["not_offered"] = std::move(refused);

  json latency = json::array();
  for (const auto& [topic, t] : latency_) {
    json series = json::object();
    for (size_t i = 0; i < 5; ++i) series[kLatencyNames[i]] = points_json(t.series[i]->since(0));
    latency.push_back({{"topic", topic}, {"series", std::move(series)}});
  }
  j["latency"] = std::move(latency);
  j["processes"] = process_states_json(*process_states_);

  json clients = json::array();
  for (const auto& [id, s] : sessions_) {
    SessionInfo i = s->info();
    clients.push_back({{"id", i.id}, {"peer", i.peer}, {"subprotocol", i.subprotocol},
                       {"subscriptions", i.subscriptions}, {"queued_messages", i.queued_messages},
                       {"queued_bytes", i.queued_bytes}, {"sent", i.counters.sent},
                       {"sent_bytes", i.counters.sent_bytes}, {"dropped", i.counters.dropped}});
  }
  j["clients"] = std::move(clients);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Server::fields_json(const std::string& topic) {
  auto offer = catalog_.find_topic(topic);
  if (!offer) throw std::runtime_error("unknown topic '" + topic + "' (not published, or not typed)");
  return json{{"topic", topic}, {"type", offer->type_name},
              {"fields", FieldProbe::scalar_paths(*offer->layout, 500)}}.dump();
}

std::string Server::field_json(const std::string& topic, const std::string& path, uint64_t since_ns) {
  auto offer = catalog_.find_topic(topic);
  if (!offer) throw std::runtime_error("unknown topic '" + topic + "' (not published, or not typed)");
  std::string key = topic + "\n" + path;
  auto it = watches_.find(key);
  if (it == watches_.end()) {
    Watch w;
    w.topic = topic;
    w.channel = offer->channel;
    w.probe = std::make_shared<FieldProbe>(FieldProbe::locate(*offer->layout, path));  // throws
    w.series = std::make_shared<Series>();
    it = watches_.emplace(key, std::move(w)).first;
    rebuild_demand();
  }
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  it->second.last_asked_ns = uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec);
  json j{{"topic", topic}, {"path", path}, {"scalar_type", it->second.probe->scalar_type()}};
  j.update(points_json(it->second.series->since(since_ns)));
  return j.dump();
}

}  // namespace dmxp::foxglove
