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
//
// Asynchronous calls never block (they do not wait for room in the request queue either):
//
//   cli.async_call(req, 500ms, [](dmxp::Result<Res> r) { ... });   // run by the executor
//   std::future<dmxp::Result<Res>> f = cli.async_call(req, 500ms);
//
// Their responses come on a second response consumer of the client, which the node's
// executor waits on like a subscription, so a sync call and async calls on one client never
// take each other's responses. The callback runs on the node's executor, never concurrently
// with the node's other callbacks, exactly once per call: with the response, or with the
// errors of call() (timeout, no server, the server went away, the handler threw), or
// DMXP_ERR_WOULD_BLOCK when the request queue was full. Timeouts are seen by the executor's
// housekeeping tick (every 20 ms while the client exists). Nothing runs unless an executor
// spins the client's node; so a future must not be waited on from inside a callback of a
// single-threaded executor (use the callback form there). Destroying the client drops the
// callbacks of calls in flight and fails their futures (DMXP_ERR_INTERRUPTED).
//
// A server may also answer later, from any thread (ServiceBase::create_deferred and respond():
// the action server answers get_result requests once their goal is done, docs/actions.md).
// Each request carries its client's process identity (pid and start time), so such a server
// can tell when the process that waits for an answer has died.
//
// Typed by a generated service struct (a .srv file, docs/messages.md):
//   auto srv = node.create_service<example_interfaces::srv::AddTwoInts>("add", handler);
//   auto cli = node.create_client<example_interfaces::srv::AddTwoInts>("add");
#pragma once

#include <chrono>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>

#include "dmxp/msg/typed.hpp"
#include "dmxp/rt/detail/topic_channel.hpp"
#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/graph.hpp"

namespace dmxp::rt {

// A service struct generated from a .srv file: its request and response message types.
template <class S>
concept ServiceType = msg::Message<typename S::Request> && msg::Message<typename S::Response>;

// The calling process, in a request's header (a response carries error text there instead).
struct CallerIdentity {
  int32_t pid;          // 0: unknown
  uint32_t reserved;
  uint64_t start_time;  // the process's start time (/proc/<pid>/stat), 0: unknown
};

// The first 64 bytes of every request and response slot.
struct ServiceHeader {
  uint64_t client_id;    // 0: the client's random id
  uint64_t sequence;     // 8: the client's call number
  int64_t deadline_ns;   // 16: CLOCK_MONOTONIC; the server skips requests past it (0: none)
  uint32_t status;       // 24: responses: 0 ok, 1 the handler threw
  uint32_t text_size;    // 28: bytes of error text in `text`
  union {
    char text[32];          // 32: responses: the start of the handler's exception message
    CallerIdentity caller;  // 32: requests: the calling process
  };
};
static_assert(sizeof(ServiceHeader) == 64);

// One request as a deferred server sees it: whom to answer, and who asked.
struct RequestId {
  uint64_t client_id = 0;
  uint64_t sequence = 0;
  int64_t deadline_ns = 0;  // CLOCK_MONOTONIC; 0: none. respond() after it sends nothing.
  CallerIdentity caller{};
};

// Depths are ring capacities of channels this endpoint creates (the first endpoint of a
// service creates them). Responses a client did not read in time are overwritten, and the
// call times out, so the response ring only needs the calls in flight at once.
struct ServiceOptions {
  uint32_t queue_depth = 16;     // request channel
  uint32_t response_depth = 16;  // response channel
  bool reentrant = false;
};

struct ClientOptions {
  // Response channel. It is shared by every client of the service: an async reader that lags
  // more than this many responses (of all clients) behind loses some (logged; those calls
  // time out). Keep it above the calls in flight.
  uint32_t response_depth = 16;
};

// ---- the untyped service and client (extension.hpp); Service and Client are handles ----

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
  // A server that answers when it is ready: handler(request bytes, id) keeps the id and
  // calls respond(id, ...) now or later, at most once per request (a request never answered
  // makes its caller time out).
  using DeferredHandler = std::function<void(const void* request, const RequestId& id)>;
  static Result<std::shared_ptr<ServiceBase>> create_deferred(const std::shared_ptr<NodeCore>& node,
                                                              std::string_view name,
                                                              const ServiceTypes& types,
                                                              DeferredHandler handler,
                                                              const ServiceOptions& options);
  ServiceBase(std::shared_ptr<NodeCore> node, std::string name, const ServiceTypes& types,
              Handler handler, Consumer requests, Producer responses, bool reentrant);
  // Answers request id: fill(response slot) constructs the response there (throwing fails
  // the call with the exception's message). Thread-safe. Sends nothing when the caller's
  // deadline has passed (it gave up) or after detach. DMXP_ERR_TIMEOUT for a passed deadline,
  // or the response ring's error.
  Status respond(const RequestId& id, const std::function<void(void* response)>& fill);
  dmxp_consumer* consumer() const override { return requests_.handle(); }
  size_t drain(size_t max) override;
  const std::string& name() const { return name_; }
  uint64_t handled() const { return handled_.load(std::memory_order_relaxed); }

 protected:
  void on_detach() override;

 private:
  void answer(const dmxp_message& m);
  void fail_response(ServiceHeader* out, const char* what);
  static Result<std::shared_ptr<ServiceBase>> make(const std::shared_ptr<NodeCore>& node,
                                                   std::string_view name, const ServiceTypes& types,
                                                   Handler handler, DeferredHandler deferred,
                                                   const ServiceOptions& options);
  std::string name_;
  ServiceTypes types_;
  Handler handler_;
  DeferredHandler deferred_;
  std::mutex respond_mu_;  // responses_: the executor's answers and deferred ones
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
             detail::TopicChannel requests, Consumer responses, Consumer async_responses);
  // Sends the request bytes and waits for the response; on success `on_response` reads the
  // response in place (before the view is released).
  Status call(const void* request, int64_t timeout_ns,
              const std::function<void(const void* response)>& on_response);
  // Sends the request bytes without waiting; `done` gets the response in place (error null)
  // or the error (response null), once, on the node's executor.
  using AsyncDone = std::function<void(const void* response, const Error* error)>;
  void async_call(const void* request, int64_t timeout_ns, AsyncDone done);
  size_t calls_in_flight() const;
  bool service_is_ready() const;
  bool wait_for_service(int64_t timeout_ns) const;
  const std::string& name() const { return name_; }

  // The executor drains the async responses and checks their deadlines.
  dmxp_consumer* consumer() const override { return async_responses_.handle(); }
  size_t drain(size_t max) override;
  int64_t event_period_ns() const override;
  void check_events(uint64_t now_ns) override;

 protected:
  void on_detach() override;

 private:
  struct Pending {
    uint64_t deadline_ns;
    int64_t timeout_ns;
    AsyncDone done;
    std::optional<Error> failed;  // set when the request could not be sent
  };
  Status ensure_producer();
  Error no_server() const;
  Error timed_out(int64_t timeout_ns) const;
  Error server_gone() const;
  // Loans, fills and commits one request (send_mu_ held inside).
  Status send_request(const void* request, uint64_t seq, uint64_t deadline_ns,
                      int64_t loan_timeout_ns);
  // Whether m is the response to (client_id_, seq); its status error in *failed.
  bool response_to_us(const dmxp_message& m, uint64_t* seq, std::optional<Error>* failed) const;
  // Runs the callbacks of the calls taken out of pending_ (each gets `error`, or its own).
  void fail_calls(std::vector<Pending>& calls, const std::optional<Error>& error);
  std::string name_;
  ServiceTypes types_;
  detail::TopicChannel request_channel_;
  std::optional<Producer> requests_;
  Consumer responses_;        // sync calls
  Consumer async_responses_;  // async calls (the executor waits on it)
  uint64_t client_id_;
  std::atomic<uint64_t> sequence_{0};
  std::mutex call_mu_;  // one sync call at a time per client (it owns responses_)
  std::mutex send_mu_;  // the request producer
  mutable std::mutex async_mu_;
  std::map<uint64_t, Pending> pending_;  // by sequence number
  uint64_t reported_lost_ = 0;           // async responses overwritten unread (drain only)
  GraphRegistry::Handle graph_handle_;
};

template <msg::Message Req, msg::Message Res>
class Service : public EntityHandle<ServiceBase> {
 public:
  Service() = default;
  explicit Service(std::shared_ptr<ServiceBase> b) : EntityHandle(std::move(b)) {}
  const std::string& service_name() const { return e_->name(); }
  uint64_t handled() const { return e_->handled(); }
};

template <msg::Message Req, msg::Message Res>
class Client : public EntityHandle<ClientBase> {
 public:
  Client() = default;
  explicit Client(std::shared_ptr<ClientBase> b) : EntityHandle(std::move(b)) {}

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
  // callback(dmxp::Result<Res>), run once on the node's executor (see the top of this file).
  template <class F>
    requires std::invocable<F&, Result<Res>>
  void async_call(const Req& request, std::chrono::nanoseconds timeout, F&& callback) {
    e_->async_call(&request, timeout.count(),
                   [cb = std::forward<F>(callback)](const void* r, const Error* err) mutable {
                     if (err) cb(Result<Res>(*err));
                     else cb(Result<Res>(*static_cast<const Res*>(r)));
                   });
  }
  // The same as a future, ready once the node's executor has seen the response or the error.
  std::future<Result<Res>> async_call(const Req& request, std::chrono::nanoseconds timeout) {
    auto promise = std::make_shared<FulfilledOnce>();
    std::future<Result<Res>> f = promise->value.get_future();
    async_call(request, timeout, [promise](Result<Res> r) { promise->set(std::move(r)); });
    return f;
  }
  // Async calls sent whose callback has not run yet.
  size_t calls_in_flight() const { return e_->calls_in_flight(); }
  bool service_is_ready() const { return e_->service_is_ready(); }
  bool wait_for_service(std::chrono::nanoseconds timeout) const {
    return e_->wait_for_service(timeout.count());
  }
  const std::string& service_name() const { return e_->name(); }

 private:
  // A promise that is fulfilled even when its callback is dropped (the client destroyed).
  struct FulfilledOnce {
    std::promise<Result<Res>> value;
    bool set_ = false;
    void set(Result<Res> r) {
      set_ = true;
      value.set_value(std::move(r));
    }
    ~FulfilledOnce() {
      if (!set_)
        value.set_value(Result<Res>(Error(DMXP_ERR_INTERRUPTED, "the client was destroyed before "
                                                           "the call finished")));
    }
  };
};

}  // namespace dmxp::rt
