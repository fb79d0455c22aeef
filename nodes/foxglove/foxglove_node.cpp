// dmxp-foxglove - the robot graph in Foxglove and in a browser: a node that serves the
// Foxglove WebSocket protocol (open Foxglove, connect to ws://host:8765) and, on the same
// port, a web dashboard (http://host:8765/). docs/visualize.md.
//
// Parameters (read at start):
//   address ("127.0.0.1")     where to listen; "0.0.0.0" for every interface
//   port (8765)               0: any free port (logged)
//   topics ([])               allow list: topic names or patterns ("/robot/*"); empty: all
//   client_queue_messages (256), client_queue_mb (32)
//                             per client: messages waiting beyond these are dropped, oldest
//                             first, and counted (the dashboard shows them)
//   poll_period_us (500)      the channel reader's nap when nothing is new
//   web_root ("")             the dashboard's files; default: installed beside the node
#include <memory>

#include "dmxp/rt/component.hpp"
#include "server.hpp"
#include "web_files.hpp"

namespace dmxp_nodes {

class Foxglove : public dmxp::rt::Node {
 public:
  explicit Foxglove(const dmxp::rt::NodeOptions& o) : Node("foxglove", o) {
    dmxp::rt::ParameterDescriptor fixed;
    fixed.read_only = true;  // read once, at start
    dmxp::foxglove::ServerOptions so;
    so.address = declare_parameter("address", std::string("127.0.0.1"), fixed);
    int64_t port = declare_parameter("port", int64_t(8765), fixed);
    if (port < 0 || port > 65535)
      throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "parameter port: " + std::to_string(port) + " is not a TCP port (0..65535)");
    so.port = uint16_t(port);
    so.topics = declare_parameter("topics", std::vector<std::string>{}, fixed);
    int64_t queue_messages = declare_parameter("client_queue_messages", int64_t(256), fixed);
    int64_t queue_mb = declare_parameter("client_queue_mb", int64_t(32), fixed);
    int64_t poll_us = declare_parameter("poll_period_us", int64_t(500), fixed);
    if (queue_messages < 1 || queue_mb < 1 || poll_us < 1)
      throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT,
                        "parameters client_queue_messages, client_queue_mb and poll_period_us must be at least 1");
    so.queue.max_messages = size_t(queue_messages);
    so.queue.max_bytes = size_t(queue_mb) << 20;
    so.poll_period_ns = uint64_t(poll_us) * 1000;
    so.web_root = dmxp::foxglove::find_web_root(declare_parameter("web_root", std::string(), fixed));
    server_ = std::make_unique<dmxp::foxglove::Server>(*this, so);
    logger().info("Foxglove WebSocket server on ws://{}:{}, dashboard on http://{}:{}/", so.address,
                  server_->port(), so.address, server_->port());
  }

 private:
  std::unique_ptr<dmxp::foxglove::Server> server_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::Foxglove)
