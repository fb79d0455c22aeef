// http_connection.hpp - one TCP connection to dmxp-foxglove's port before it is anything else:
// requests that upgrade to a WebSocket with a Foxglove subprotocol become a Session (a
// handshake offering none of them is refused with 400 naming the ones it speaks); plain GETs
// are the dashboard: "/" and its files (web_files.hpp), "/api/state", "/api/fields?topic=",
// "/api/field?topic=&path=&since=" (JSON, dashboard.cpp). Keep-alive is honoured; a request
// must arrive within 30 s and be at most 64 KiB.
#pragma once

#include <utility>  // before Boost.Asio: 1.74's awaitable.hpp uses std::exchange without it

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace dmxp::foxglove {

class Server;

// "/api/field?topic=%2Fodom&path=x" -> path "/api/field", query {topic: "/odom", path: "x"}.
struct RequestTarget {
  std::string path;
  std::map<std::string, std::string> query;
};
RequestTarget parse_target(std::string_view target);

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(boost::asio::ip::tcp::socket socket, Server& server);
  void start() { read(); }

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  void read();
  void on_request(Request req);
  void upgrade(Request req);
  void respond(const Request& req, boost::beast::http::status status, std::string content_type, std::string body);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::unique_ptr<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  Server& server_;
};

}  // namespace dmxp::foxglove
