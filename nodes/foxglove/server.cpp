#include "server.hpp"

#include <time.h>

#include <dmxp_nodes_msgs/msg/ProcessStates.hpp>

#include "dmxp/rt/channel_names.hpp"
#include "http_connection.hpp"
#include "protocol.hpp"

namespace dmxp::foxglove {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr const char* kLatencyType = "dmxp_nodes_msgs/LatencyReport";
constexpr const char* kLatencyFields[] = {"p50_ns", "p90_ns", "p99_ns", "max_ns", "count"};
constexpr const char* kProcessStatesChannel = "t.dmxp_launch.processes";
constexpr uint64_t kRateWindowNs = 2'000'000'000;
constexpr uint64_t kWatchIdleNs = 15'000'000'000;  // a plot nobody asked for this long stops

uint64_t realtime_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec);
}

}  // namespace

Server::Server(dmxp::rt::Node& node, ServerOptions options)
    : node_(node), options_(std::move(options)), acceptor_(io_), refresh_timer_(io_),
      catalog_(node.domain(), TopicFilter(options_.topics)),
      reader_(node.domain(), options_.poll_period_ns),
      parameters_(node, std::chrono::milliseconds(1000)) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options_.address, ec);
  if (ec) throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "address '" + options_.address + "': " + ec.message());
  tcp::endpoint ep(address, options_.port);
  std::string where = options_.address + ":" + std::to_string(options_.port);
  if (acceptor_.open(ep.protocol(), ec); ec)
    throw dmxp::Error(DMXP_ERR_SYSTEM, "cannot open a socket for " + where + ": " + ec.message());
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor_.bind(ep, ec); ec)
    throw dmxp::Error(DMXP_ERR_SYSTEM, "cannot listen on " + where + ": " + ec.message());
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec)
    throw dmxp::Error(DMXP_ERR_SYSTEM, "cannot listen on " + where + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  if (auto g = dmxp::rt::GraphRegistry::open(node.domain())) graph_ = g.value();
  refresh();
  accept();
  arm_refresh();
  thread_ = std::thread([this] { io_.run(); });
}

Server::~Server() {
  asio::post(io_, [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
    refresh_timer_.cancel();
    auto sessions = sessions_;
    for (auto& [id, s] : sessions) s->close();
  });
  // Whatever still runs (a handshake, an HTTP request) ends with the loop.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  io_.stop();
  thread_.join();
}

void Server::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<HttpConnection>(std::move(socket), *this)->start();
    accept();
  });
}

void Server::arm_refresh() {
  refresh_timer_.expires_after(std::chrono::nanoseconds(options_.refresh_period_ns));
  refresh_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    refresh();
    arm_refresh();
  });
}

// What exists now: the graph, every channel (for rates and the latency topics), the topics
// offered to clients (announced to each), plots nobody looks at any longer.
void Server::refresh() {
  if (graph_) snapshot_ = graph_->snapshot();
  uint64_t now = realtime_ns();
  std::map<std::string, dmxp_channel_info> channels;
  dmxp_channel_list(node_.domain().c_str(), [](const dmxp_channel_info* info, int status, void* user) {
    if (status == DMXP_OK) (*static_cast<std::map<std::string, dmxp_channel_info>*>(user))[info->name] = *info;
    return 0;
  }, &channels);
  channels_ = std::move(channels);
  for (auto it = rates_.begin(); it != rates_.end();)
    it = channels_.count(it->first) ? std::next(it) : rates_.erase(it);
  for (const auto& [name, info] : channels_) {
    auto& samples = rates_[name];
    samples.push_back({now, info.published});
    while (samples.size() > 2 && samples[1].time_ns + kRateWindowNs <= now) samples.pop_front();
  }

  bool demand_changed = false;
  CatalogChange change = catalog_.refresh(graph_ ? &snapshot_ : nullptr);
  if (!change.empty()) {
    demand_changed = true;
    for (auto& [id, s] : sessions_) {
      if (!change.removed.empty()) {
        s->send_control(unadvertise_json(change.removed));
        for (auto sub = s->subscriptions.begin(); sub != s->subscriptions.end();)
          sub = std::find(change.removed.begin(), change.removed.end(), sub->second) != change.removed.end()
                    ? s->subscriptions.erase(sub)
                    : std::next(sub);
      }
      if (!change.added.empty()) s->send_control(advertise_json(change.added));
    }
  }
  // Latency topics come and go with their channels.
  for (auto it = latency_.begin(); it != latency_.end();) {
    if (channels_.count(it->second.channel)) {
      ++it;
    } else {
      it = latency_.erase(it);
      demand_changed = true;
    }
  }
  for (const auto& [name, info] : channels_) {
    if (std::string(info.type_name) != kLatencyType) continue;
    auto parsed = dmxp::rt::parse_channel_name(name);
    if (!parsed || parsed->kind != dmxp::rt::ChannelKind::Topic || latency_.count(parsed->name)) continue;
    try {
      auto layout = dmxp::wire::json::parse(read_channel_descriptor(node_.domain(), name));
      LatencyTopic t;
      t.channel = name;
      for (size_t i = 0; i < 5; ++i) {
        t.probes[i] = std::make_shared<FieldProbe>(FieldProbe::locate(layout, kLatencyFields[i]));
        t.series[i] = std::make_shared<Series>();
      }
      latency_[parsed->name] = std::move(t);
      demand_changed = true;
    } catch (const std::exception& e) {
      node_.logger().warn("latency topic {}: {}", parsed->name, e.what());
    }
  }
  for (auto it = watches_.begin(); it != watches_.end();) {
    if (it->second.last_asked_ns + kWatchIdleNs > now && catalog_.find_topic(it->second.topic)) {
      ++it;
    } else {
      it = watches_.erase(it);
      demand_changed = true;
    }
  }
  // The launcher's process states, once a launcher made their channel (of that type).
  auto states = channels_.find(kProcessStatesChannel);
  bool states_now = states != channels_.end() &&
                    states->second.type_fingerprint == dmxp_nodes_msgs::msg::ProcessStates::kFingerprint;
  demand_changed |= states_now != states_channel_;
  states_channel_ = states_now;
  if (demand_changed) rebuild_demand();
}

// Tells the reader every channel that something wants now.
void Server::rebuild_demand() {
  std::map<std::string, Demand> by_channel;
  for (auto& [id, s] : sessions_)
    for (const auto& [sub, channel_id] : s->subscriptions) {
      auto offer = catalog_.find(channel_id);
      if (!offer) continue;
      Demand& d = by_channel[offer->channel];
      d.channel = offer->channel;
      d.codec = offer->codec;
      d.sinks.push_back({s, sub});
    }
  for (auto& [key, w] : watches_) {
    Demand& d = by_channel[w.channel];
    d.channel = w.channel;
    d.probes.push_back({w.probe, w.series});
  }
  for (auto& [topic, t] : latency_) {
    Demand& d = by_channel[t.channel];
    d.channel = t.channel;
    for (size_t i = 0; i < 5; ++i) d.probes.push_back({t.probes[i], t.series[i]});
  }
  if (states_channel_) {
    Demand& d = by_channel[kProcessStatesChannel];
    d.channel = kProcessStatesChannel;
    d.latest = process_states_;
  }
  std::vector<Demand> demand;
  for (auto& [channel, d] : by_channel) demand.push_back(std::move(d));
  reader_.set_demand(std::move(demand));
}

void Server::session_opened(const std::shared_ptr<Session>& s) {
  sessions_[s->id()] = s;
  s->send_control(server_info_json(options_.name, std::to_string(s->id()), {"parameters"}));
  std::vector<std::shared_ptr<const OfferedTopic>> all;
  for (const auto& [id, offer] : catalog_.offered()) all.push_back(offer);
  if (!all.empty()) s->send_control(advertise_json(all));
  node_.logger().info("client {} connected", s->info().peer);
}

void Server::session_closed(Session& s) {
  bool had_subscriptions = !s.subscriptions.empty();
  s.subscriptions.clear();
  node_.logger().info("client {} disconnected", s.info().peer);
  sessions_.erase(s.id());
  if (had_subscriptions) rebuild_demand();
}

void Server::note_slow_client(Session& s) {
  ++slow_clients_closed_;
  node_.logger().warn("client {} let more than {} protocol messages pile up: disconnecting it",
                      s.info().peer, OutboundQueue::kMaxControlFrames);
}

}  // namespace dmxp::foxglove
