#include "http_connection.hpp"

#include <boost/beast/websocket.hpp>

#include "protocol.hpp"
#include "server.hpp"
#include "web_files.hpp"

namespace dmxp::foxglove {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

constexpr size_t kMaxRequest = 64 * 1024;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

RequestTarget parse_target(std::string_view target) {
  RequestTarget t;
  size_t q = target.find('?');
  t.path = percent_decode(target.substr(0, q));
  if (q == std::string_view::npos) return t;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view item = rest.substr(0, amp);
    size_t eq = item.find('=');
    t.query[percent_decode(item.substr(0, eq))] =
        eq == std::string_view::npos ? "" : percent_decode(item.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return t;
}

HttpConnection::HttpConnection(boost::asio::ip::tcp::socket socket, Server& server)
    : stream_(std::move(socket)), server_(server) {}

void HttpConnection::read() {
  parser_ = std::make_unique<http::request_parser<http::string_body>>();
  parser_->header_limit(kMaxRequest);
  parser_->body_limit(kMaxRequest);
  stream_.expires_after(std::chrono::seconds(30));
  http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
      return;
    }
    self->on_request(self->parser_->release());
  });
}

void HttpConnection::on_request(Request req) {
  if (websocket::is_upgrade(req)) return upgrade(std::move(req));
  if (req.method() != http::verb::get && req.method() != http::verb::head)
    return respond(req, http::status::method_not_allowed, "text/plain", "only GET is served here\n");
  RequestTarget t = parse_target(std::string_view(req.target().data(), req.target().size()));
  auto query = [&](const char* key) {
    auto it = t.query.find(key);
    return it == t.query.end() ? std::string() : it->second;
  };
  try {
    if (t.path == "/api/state") return respond(req, http::status::ok, "application/json", server_.state_json());
    if (t.path == "/api/fields") return respond(req, http::status::ok, "application/json", server_.fields_json(query("topic")));
    if (t.path == "/api/field") {
      std::string since = query("since");
      uint64_t since_ns = since.empty() ? 0 : std::stoull(since);
      return respond(req, http::status::ok, "application/json",
                     server_.field_json(query("topic"), query("path"), since_ns));
    }
  } catch (const std::exception& e) {
    return respond(req, http::status::bad_request, "application/json",
                   nlohmann::json{{"error", e.what()}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  WebFile file;
  if (!load_web_file(server_.options().web_root, t.path, &file))
    return respond(req, http::status::not_found, "text/plain", "no such page: " + t.path + "\n");
  respond(req, http::status::ok, file.content_type, std::move(file.body));
}

void HttpConnection::upgrade(Request req) {
  std::string offered(req[http::field::sec_websocket_protocol]);
  std::string protocol = choose_subprotocol(offered);
  if (protocol.empty()) {
    std::string supported;
    for (const char* p : kSubprotocols) supported += std::string(supported.empty() ? "" : " or ") + p;
    req.keep_alive(false);
    return respond(req, http::status::bad_request, "text/plain",
                   "the WebSocket handshake offered subprotocols '" + offered + "'; this server speaks " +
                       supported + "\n");
  }
  std::string peer;
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  peer = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
  auto session = std::make_shared<Session>(Session::WebSocket(std::move(stream_)), server_, server_.next_session_id(),
                                           peer, protocol, server_.options().queue);
  session->start(std::move(req));
}

void HttpConnection::respond(const Request& req, http::status status, std::string content_type, std::string body) {
  auto res = std::make_shared<http::response<http::string_body>>(status, req.version());
  res->set(http::field::server, "dmxp-foxglove");
  res->set(http::field::content_type, content_type);
  res->set(http::field::cache_control, "no-store");
  res->keep_alive(req.keep_alive());
  if (req.method() != http::verb::head) res->body() = std::move(body);
  res->prepare_payload();
  http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
    if (ec || !res->keep_alive()) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
      return;
    }
    self->read();
  });
}

}  // namespace dmxp::foxglove
