// service.hpp - request/response over a pair of channels.
//
//   auto srv = node.create_service<Req, Res>("add", [](const Req& rq, Res& rs) { ... }).value();
//   auto cli = node.create_client<Req, Res>("add").value();
//   dmxp::Result<Res> r = cli.call(req, std::chrono::milliseconds(500));
//
// Channels (channel_names.hpp): requests go to "q.<service>", a QUEUE channel (each request
// to exactly one server; RELIABLE: a client waits for room rather than lose a request);
// responses come back on "r.<service>", a BROADCAST KEEP_LAST channel every client of the
// service reads, keeping the responses with its own client id and sequence number (a client
// that stops reading never holds the server back). Each slot holds a 64-byte ServiceHeader,
// then the message; the handler writes its response straight into the response slot.
//
// Errors of call(): DMXP_ERR_NOT_FOUND "service '/x' has no server" when no live process
// serves it (checked before sending, and again while waiting: a server that dies mid-call
// fails the call at once); DMXP_ERR_TIMEOUT when no response came within the timeout;
// DMXP_ERR_UNSUPPORTED when the server's handler threw (its message is in the error).
//
// A call blocks the calling thread only; it reads its own response consumer, so it works from
// inside another callback, except one of the server's own node in a single-threaded
// executor (that server cannot run until the callback returns: the call times out).
#pragma once

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>

#include "dmxp/msg/typed.hpp"
#include "dmxp/rt/detail/entity.hpp"
#include "dmxp/rt/detail/topic_channel.hpp"
#include "dmxp/rt/detail/type_info.hpp"
#include "dmxp/rt/graph.hpp"

namespace dmxp::rt {

// The first 64 bytes of every request and response slot.
struct ServiceHeader {
  uint64_t client_id;    // 0: the client's random id
  uint64_t sequence;     // 8: the client's call number
  int64_t deadline_ns;   // 16: CLOCK_MONOTONIC; the server skips requests past it (0: none)
  uint32_t status;       // 24: responses: 0 ok, 1 the handler threw
  uint32_t text_size;    // 28: bytes of error text in `text`
  char text[32];         // 32: the start of the handler's exception message
};
static_assert(sizeof(ServiceHeader) == 64);

// Depths are ring capacities of channels this endpoint creates (the first endpoint of a
// service creates them). Responses a client did not read in time are overwritten, and the
// call times out, so the response ring only needs the calls in flight at once.
struct ServiceOptions {
  uint32_t queue_depth = 16;     // request channel
  uint32_t response_depth = 16;  // response channel
  bool reentrant = false;
};

struct ClientOptions {
  uint32_t response_depth = 16;  // response channel
};

namespace detail {

struct ServiceTypes {
  TypeInfo request;
  TypeInfo response;
  uint64_t request_fingerprint;   // the message's, mixed with "request": a service channel
  uint64_t response_fingerprint;  // never attaches as a topic of the same type
};
uint64_t service_fingerprint(uint64_t message_fingerprint, bool request);

template <class Req, class Res>
ServiceTypes service_types_of() {
  return {type_info_of<Req>(), type_info_of<Res>(), service_fingerprint(Req::kFingerprint, true),
          service_fingerprint(Res::kFingerprint, false)};
}

class ServiceBase : public Entity {
 public:
  // handler(request bytes, response slot): constructs and fills the response in the slot;
  // throws to report failure.
  using Handler = std::function<void(const void* request, void* response)>;
  static Result<std::shared_ptr<ServiceBase>> create(const std::shared_ptr<NodeCore>& node,
                                                     std::string_view name,
                                                     const ServiceTypes& types, Handler handler,
                                                     const ServiceOptions& options);
  ServiceBase(std::shared_ptr<NodeCore> node, std::string name, const ServiceTypes& types,
              Handler handler, Consumer requests, Producer responses, bool reentrant);
  dmxp_consumer* consumer() const override { return requests_.handle(); }
  size_t drain(size_t max) override;
  const std::string& name() const { return name_; }
  uint64_t handled() const { return handled_.load(std::memory_order_relaxed); }

 protected:
  void on_detach() override;

 private:
  void answer(const dmxp_message& m);
  void fail_response(ServiceHeader* out, const char* what);
  std::string name_;
  ServiceTypes types_;
  Handler handler_;
  Consumer requests_;
  Producer responses_;
  std::atomic<uint64_t> handled_{0};
  GraphRegistry::Handle graph_handle_;
};

class ClientBase : public Entity {
 public:
  static Result<std::shared_ptr<ClientBase>> create(const std::shared_ptr<NodeCore>& node,
                                                    std::string_view name,
                                                    const ServiceTypes& types,
                                                    const ClientOptions& options);
  ClientBase(std::shared_ptr<NodeCore> node, std::string name, const ServiceTypes& types,
             TopicChannel requests, Consumer responses);
  // Sends the request bytes and waits for the response; on success `on_response` reads the
  // response in place (before the view is released).
  Status call(const void* request, int64_t timeout_ns,
              const std::function<void(const void* response)>& on_response);
  bool service_is_ready() const;
  bool wait_for_service(int64_t timeout_ns) const;
  const std::string& name() const { return name_; }

 protected:
  void on_detach() override;

 private:
  Status ensure_producer();
  Error no_server() const;
  std::string name_;
  ServiceTypes types_;
  TopicChannel request_channel_;
  std::optional<Producer> requests_;
  Consumer responses_;
  uint64_t client_id_;
  uint64_t sequence_ = 0;
  std::mutex call_mu_;  // one call at a time per client
  GraphRegistry::Handle graph_handle_;
};

}  // namespace detail

template <msg::Message Req, msg::Message Res>
class Service : public detail::EntityHandle<detail::ServiceBase> {
 public:
  Service() = default;
  explicit Service(std::shared_ptr<detail::ServiceBase> b) : EntityHandle(std::move(b)) {}
  const std::string& service_name() const { return e_->name(); }
  uint64_t handled() const { return e_->handled(); }
};

template <msg::Message Req, msg::Message Res>
class Client : public detail::EntityHandle<detail::ClientBase> {
 public:
  Client() = default;
  explicit Client(std::shared_ptr<detail::ClientBase> b) : EntityHandle(std::move(b)) {}

  // The response, copied out of its slot.
  Result<Res> call(const Req& request, std::chrono::nanoseconds timeout) {
    std::optional<Res> out;
    Status s = e_->call(&request, timeout.count(), [&](const void* r) {
      out.emplace(*static_cast<const Res*>(r));
    });
    if (!s) return s.error();
    return std::move(*out);
  }
  // Zero-copy: on_response reads the response in its slot.
  template <class F>
  Status call(const Req& request, std::chrono::nanoseconds timeout, F&& on_response) {
    return e_->call(&request, timeout.count(), [&](const void* r) {
      on_response(*static_cast<const Res*>(r));
    });
  }
  bool service_is_ready() const { return e_->service_is_ready(); }
  bool wait_for_service(std::chrono::nanoseconds timeout) const {
    return e_->wait_for_service(timeout.count());
  }
  const std::string& service_name() const { return e_->name(); }
};

}  // namespace dmxp::rt
