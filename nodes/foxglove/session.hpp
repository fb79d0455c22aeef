// session.hpp - one Foxglove WebSocket client. Reads the client's JSON requests and hands
// them to the server (client_ops.cpp); writes what the server and the topic reader queue for
// it through its OutboundQueue, one async_write at a time (Beast allows one outstanding
// write per stream; the next frame goes out when the previous one finished).
//
// Threads: everything on the socket runs on the server's network thread; deliver() and
// send_control() may be called from any thread (the topic reader, the parameter worker):
// they only touch the queue, under the mutex, and post a write to the network thread.
#pragma once

#include <utility>  // before Boost.Asio: 1.74's awaitable.hpp uses std::exchange without it

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "outbound_queue.hpp"
#include "topic_reader.hpp"

namespace dmxp::foxglove {

class Server;

// What the dashboard shows of a client.
struct SessionInfo {
  uint64_t id = 0;
  std::string peer, subprotocol;
  size_t subscriptions = 0, queued_messages = 0, queued_bytes = 0;
  QueueCounters counters;
};

class Session : public MessageSubscriber, public std::enable_shared_from_this<Session> {
 public:
  using WebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;

  Session(WebSocket ws, Server& server, uint64_t id, std::string peer, std::string subprotocol,
          QueueLimits limits);
  // Completes the opening handshake (answering with the chosen subprotocol), then tells the
  // server and starts reading.
  void start(boost::beast::http::request<boost::beast::http::string_body> upgrade);
  // Network thread: closes the connection (the server forgets the session when it ends).
  void close();

  void deliver(uint32_t subscription_id, uint64_t receive_time_ns, const Payload& payload) override;
  void send_control(std::string json);

  SessionInfo info() const;  // network thread
  uint64_t id() const { return id_; }

  // The client's subscriptions: its subscription id -> channel id (network thread only).
  std::map<uint32_t, uint32_t> subscriptions;

 private:
  void read();
  void schedule_write();
  void write_next();
  void finish();

  WebSocket ws_;
  Server& server_;
  uint64_t id_;
  std::string peer_, subprotocol_;
  boost::beast::flat_buffer in_;
  mutable std::mutex mu_;
  OutboundQueue queue_;      // guarded by mu_
  bool writing_ = false;     // guarded by mu_: an async_write is under way or posted
  bool closed_ = false;      // guarded by mu_
  OutboundFrame current_;    // the frame being written (network thread)
  bool opened_ = false;      // network thread: the server knows the session
  bool finished_ = false;    // network thread
};

}  // namespace dmxp::foxglove
