#include "session.hpp"

#include <array>

#include "server.hpp"

namespace dmxp::foxglove {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;

namespace {
// A client's requests are small JSON texts; anything bigger is refused by Beast (the
// connection closes with "message too big") instead of being buffered.
constexpr size_t kMaxClientMessage = 1u << 20;
}  // namespace

Session::Session(WebSocket ws, Server& server, uint64_t id, std::string peer, std::string subprotocol,
                 QueueLimits limits)
    : ws_(std::move(ws)), server_(server), id_(id), peer_(std::move(peer)),
      subprotocol_(std::move(subprotocol)), queue_(limits) {}

void Session::start(http::request<http::string_body> upgrade) {
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(kMaxClientMessage);
  std::string protocol = subprotocol_;
  ws_.set_option(websocket::stream_base::decorator([protocol](websocket::response_type& res) {
    res.set(http::field::sec_websocket_protocol, protocol);
    res.set(http::field::server, "dmxp-foxglove");
  }));
  ws_.async_accept(upgrade, [self = shared_from_this()](beast::error_code ec) {
    if (ec) return self->finish();
    self->opened_ = true;
    self->server_.session_opened(self);
    self->read();
  });
}

void Session::read() {
  ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, size_t) {
    if (ec) return self->finish();
    if (self->ws_.got_text()) {
      std::string text = beast::buffers_to_string(self->in_.data());
      self->in_.consume(self->in_.size());
      self->server_.handle_text(*self, text);
    } else {
      size_t size = self->in_.size();
      self->in_.consume(size);
      self->server_.handle_binary(*self, size);
    }
    self->read();
  });
}

void Session::deliver(uint32_t subscription_id, uint64_t receive_time_ns, const Payload& payload) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  queue_.push_message(subscription_id, receive_time_ns, payload);
  schedule_write();
}

void Session::send_control(std::string json) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  queue_.push_control(std::move(json));
  schedule_write();
}

// Called with mu_ held: posts one write to the network thread unless one is under way.
void Session::schedule_write() {
  if (writing_) return;
  writing_ = true;
  asio::post(ws_.get_executor(), [self = shared_from_this()] { self->write_next(); });
}

void Session::write_next() {
  bool too_slow = false;
  {
    std::lock_guard lock(mu_);
    if (closed_) {
      writing_ = false;
      return;
    }
    if (queue_.empty()) {
      writing_ = false;
      return;
    }
    too_slow = queue_.overflowed();
    if (!too_slow) current_ = queue_.pop();
  }
  if (too_slow) {  // this far behind on the protocol's own messages: no longer served
    server_.note_slow_client(*this);
    ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, "client too slow"),
                    [self = shared_from_this()](beast::error_code) { self->finish(); });
    return;
  }
  auto done = [self = shared_from_this()](beast::error_code ec, size_t) {
    self->current_ = OutboundFrame();  // the payload's last reference may go here
    if (ec) return self->finish();
    self->write_next();
  };
  ws_.binary(current_.binary);
  if (current_.binary) {
    std::array<asio::const_buffer, 2> buffers{asio::buffer(current_.header),
                                              asio::buffer(current_.payload->data(), current_.payload->size())};
    ws_.async_write(buffers, std::move(done));
  } else {
    ws_.async_write(asio::buffer(current_.text), std::move(done));
  }
}

// A closing handshake would be a second write beside one that may be under way (Beast allows
// one): the server, stopping, closes the socket instead.
void Session::close() { finish(); }

// Network thread; runs once however many handlers fail.
void Session::finish() {
  if (finished_) return;
  finished_ = true;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  if (opened_) server_.session_closed(*this);
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  beast::get_lowest_layer(ws_).socket().close(ec);
}

SessionInfo Session::info() const {
  std::lock_guard lock(mu_);  // the queue's counters; subscriptions: network thread
  SessionInfo i;
  i.id = id_;
  i.peer = peer_;
  i.subprotocol = subprotocol_;
  i.subscriptions = subscriptions.size();
  i.queued_messages = queue_.queued_messages();
  i.queued_bytes = queue_.queued_bytes();
  i.counters = queue_.counters();
  return i;
}

}  // namespace dmxp::foxglove
