// server.hpp - dmxp-foxglove's server: one TCP port that speaks the Foxglove WebSocket
// protocol to clients that upgrade (session.hpp, client_ops.cpp) and serves the web
// dashboard and its JSON to plain HTTP requests (http_connection.hpp, dashboard.hpp).
//
// Threads: the network thread runs every socket, the catalog refresh (what topics exist,
// advertised and withdrawn as they come and go) and the dashboard; the topic reader's thread
// reads channels (topic_reader.hpp); the parameter bridge's worker makes parameter service
// calls. The server's state below is the network thread's alone.
#pragma once

#include <utility>  // before Boost.Asio: 1.74's awaitable.hpp uses std::exchange without it

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

#include "dmxp/dmxp.h"
#include "dmxp/rt/graph.hpp"
#include "dmxp/rt/node.hpp"
#include "field_probe.hpp"
#include "outbound_queue.hpp"
#include "parameter_bridge.hpp"
#include "session.hpp"
#include "topic_catalog.hpp"
#include "topic_reader.hpp"

namespace dmxp::foxglove {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8765;                   // 0: any free port (port() says which)
  std::string name = "dmxp-foxglove";
  std::vector<std::string> topics;        // allow list (topic_catalog.hpp); empty: all
  QueueLimits queue;                      // per client
  uint64_t poll_period_ns = 500'000;      // the topic reader's nap when nothing is new
  uint64_t refresh_period_ns = 500'000'000;  // how often the catalog and rates are refreshed
  std::string web_root;                   // the dashboard's files
};

class Server {
 public:
  // Binds and starts listening (throws dmxp::Error naming the address when it cannot), then
  // runs the network thread.
  Server(dmxp::rt::Node& node, ServerOptions options);
  ~Server();  // closes every connection and joins the threads
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const { return port_; }

  // ---- for sessions (network thread) ----
  void session_opened(const std::shared_ptr<Session>& s);  // serverInfo, then advertise
  void session_closed(Session& s);                         // forget it and its subscriptions
  void handle_text(Session& s, std::string_view text);     // a client request (client_ops.cpp)
  void handle_binary(Session& s, size_t size);
  void note_slow_client(Session& s);

  // ---- for HTTP connections (network thread) ----
  boost::asio::io_context& io() { return io_; }
  uint64_t next_session_id() { return ++last_session_id_; }
  const ServerOptions& options() const { return options_; }
  dmxp::rt::Node& node() { return node_; }

  // ---- for the dashboard (network thread; dashboard.cpp) ----
  std::string state_json();
  // The plotted field's points after since_ns; starts watching it when new. Throws
  // std::runtime_error for an unknown topic or a field that is not a number.
  std::string field_json(const std::string& topic, const std::string& path, uint64_t since_ns);
  std::string fields_json(const std::string& topic);

 private:
  void accept();
  void refresh();
  void arm_refresh();
  void rebuild_demand();
  void subscribe(Session& s, const nlohmann::json& request);
  void unsubscribe(Session& s, const nlohmann::json& request);
  void parameters_request(Session& s, const nlohmann::json& request, bool set);
  void error(Session& s, const std::string& message);

  struct Watch {  // a plotted field
    std::string topic, channel;
    std::shared_ptr<const FieldProbe> probe;
    std::shared_ptr<Series> series;
    std::shared_ptr<const dmxp::wire::CdrCodec> codec;
    uint64_t last_asked_ns = 0;
  };
  struct LatencyTopic {  // a dmxp_nodes_msgs/LatencyReport topic: its percentiles over time
    std::string channel;
    std::array<std::shared_ptr<const FieldProbe>, 5> probes;  // p50 p90 p99 max count
    std::array<std::shared_ptr<Series>, 5> series;
  };
  struct RateSample {
    uint64_t time_ns, published;
  };

  dmxp::rt::Node& node_;
  ServerOptions options_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer refresh_timer_;
  uint16_t port_ = 0;
  std::shared_ptr<dmxp::rt::GraphRegistry> graph_;
  dmxp::rt::GraphSnapshot snapshot_;
  TopicCatalog catalog_;
  TopicReader reader_;
  ParameterBridge parameters_;
  uint64_t last_session_id_ = 0;
  std::map<uint64_t, std::shared_ptr<Session>> sessions_;
  std::map<std::string, Watch> watches_;               // "topic\npath"
  std::map<std::string, LatencyTopic> latency_;        // topic
  std::shared_ptr<LatestMessage> process_states_ = std::make_shared<LatestMessage>();
  bool states_channel_ = false;  // the launcher's process-state channel exists
  std::map<std::string, std::deque<RateSample>> rates_;  // channel -> samples of its tail
  std::map<std::string, dmxp_channel_info> channels_;    // every channel, last refresh
  uint64_t slow_clients_closed_ = 0;
  std::thread thread_;
};

}  // namespace dmxp::foxglove
