#include <spdlog/logger.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <random>
#include <thread>

#include "dmxp/rt/channel_names.hpp"
#include "dmxp/rt/service.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

using namespace detail;  // channels and process identity

namespace {

constexpr uint32_t kHeader = sizeof(ServiceHeader);
constexpr int64_t kLivenessSliceNs = 50'000'000;  // a waiting client re-checks its server

Result<TopicChannel> service_channel(const NodeCore& node, std::string_view name, ChannelKind kind,
                                     std::string* resolved_out) {
  Result<std::string> resolved = node.resolve(name);
  if (!resolved) return resolved.error();
  Result<std::string> channel = channel_name(kind, resolved.value());
  if (!channel) return channel.error();
  if (resolved_out) *resolved_out = resolved.value();
  return TopicChannel{node.domain(), resolved.value(), channel.value()};
}

uint64_t random_id() {
  std::random_device rd;
  uint64_t r = (uint64_t(rd()) << 32) ^ rd();
  return r ^ (uint64_t(getpid()) << 40) ^ monotonic_ns();
}

}  // namespace

uint64_t service_fingerprint(uint64_t fp, bool request) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the fingerprint's bytes and a tag
  auto mix = [&](uint8_t b) { h ^= b; h *= 0x100000001b3ull; };
  for (int i = 0; i < 8; ++i) mix(uint8_t(fp >> (8 * i)));
  for (char c : std::string_view(request ? "dmxp.srv.request" : "dmxp.srv.response")) mix(uint8_t(c));
  return h;
}

// ---- server ----

Result<std::shared_ptr<ServiceBase>> ServiceBase::create(const std::shared_ptr<NodeCore>& node,
                                                         std::string_view name,
                                                         const ServiceTypes& types,
                                                         Handler handler,
                                                         const ServiceOptions& options) {
  return make(node, name, types, std::move(handler), nullptr, options);
}

Result<std::shared_ptr<ServiceBase>> ServiceBase::create_deferred(
    const std::shared_ptr<NodeCore>& node, std::string_view name, const ServiceTypes& types,
    DeferredHandler handler, const ServiceOptions& options) {
  return make(node, name, types, nullptr, std::move(handler), options);
}

Result<std::shared_ptr<ServiceBase>> ServiceBase::make(const std::shared_ptr<NodeCore>& node,
                                                       std::string_view name,
                                                       const ServiceTypes& types, Handler handler,
                                                       DeferredHandler deferred,
                                                       const ServiceOptions& options) {
  std::string resolved;
  auto q = service_channel(*node, name, ChannelKind::ServiceRequest, &resolved);
  if (!q) return q.error();
  auto r = service_channel(*node, name, ChannelKind::ServiceResponse, nullptr);
  if (!r) return r.error();
  uint32_t depth = std::bit_ceil(std::max<uint32_t>(options.queue_depth, 2));
  auto requests = open_service_consumer(q.value(), types.request, types.request_fingerprint,
                                        DMXP_MODE_QUEUE, DMXP_RELIABLE, depth, DMXP_START_OLDEST);
  if (!requests) return requests.error();
  auto responses = open_service_producer(
      r.value(), types.response, types.response_fingerprint, DMXP_MODE_BROADCAST, DMXP_KEEP_LAST,
      std::bit_ceil(std::max<uint32_t>(options.response_depth, 2)), true);
  if (!responses) return responses.error();
  auto s = std::make_shared<ServiceBase>(node, resolved, types, std::move(handler),
                                         std::move(requests).value(), std::move(responses).value(),
                                         options.reentrant);
  s->deferred_ = std::move(deferred);
  s->graph_handle_ = node->register_endpoint(EndpointKind::ServiceServer, resolved,
                                             types.request.name, types.request_fingerprint, QoS());
  node->add_entity(s);
  return s;
}

ServiceBase::ServiceBase(std::shared_ptr<NodeCore> node, std::string name,
                         const ServiceTypes& types, Handler handler, Consumer requests,
                         Producer responses, bool reentrant)
    : Entity(std::move(node)),
      name_(std::move(name)),
      types_(types),
      handler_(std::move(handler)),
      requests_(std::move(requests)),
      responses_(std::move(responses)) {
  reentrant_ = reentrant;
}

void ServiceBase::on_detach() { node().unregister_endpoint(graph_handle_); }

size_t ServiceBase::drain(size_t max) {
  dmxp_consumer* c = requests_.handle();
  dmxp_message m;
  if (dmxp_consumer_try_receive(c, &m) != DMXP_OK) return 0;
  size_t n = 0;
  run_locked([&] {
    for (;;) {
      if (m.size == kHeader + types_.request.size) answer(m);
      dmxp_consumer_release(c);
      ++n;
      if (n >= max || detached() || dmxp_consumer_try_receive(c, &m) != DMXP_OK) break;
    }
  });
  return n;
}

void ServiceBase::fail_response(ServiceHeader* out, const char* what) {
  out->status = 1;
  out->text_size = uint32_t(std::min(std::strlen(what), sizeof out->text));
  std::memcpy(out->text, what, out->text_size);
  node().logger().warn("service '{}': the handler threw: {}", name_, what);
}

void ServiceBase::answer(const dmxp_message& m) {
  ServiceHeader in;
  std::memcpy(&in, m.data, kHeader);
  if (in.deadline_ns != 0 && int64_t(monotonic_ns()) > in.deadline_ns) return;  // caller gave up
  const void* request = static_cast<const uint8_t*>(m.data) + kHeader;
  if (deferred_) {
    deferred_(request, RequestId{in.client_id, in.sequence, in.deadline_ns, in.caller});
    return;
  }
  RequestId id{in.client_id, in.sequence, 0, in.caller};  // its deadline was checked just now
  (void)respond(id, [&](void* response) { handler_(request, response); });
}

Status ServiceBase::respond(const RequestId& id, const std::function<void(void*)>& fill) {
  std::lock_guard lock(respond_mu_);
  if (detached()) return Error(DMXP_ERR_INTERRUPTED, "service '" + name_ + "' was destroyed");
  if (id.deadline_ns != 0 && int64_t(monotonic_ns()) > id.deadline_ns)
    return Error(DMXP_ERR_TIMEOUT, "service '" + name_ + "': the caller's deadline passed");
  void* slot = nullptr;
  if (int rc = dmxp_producer_loan(responses_.handle(), kHeader + types_.response.size, &slot, 0)) {
    Error e = Error::last(rc);
    node().logger().warn("service '{}': no response slot: {}", name_, e.what());
    return e;
  }
  auto* out = static_cast<ServiceHeader*>(slot);
  std::memset(out, 0, kHeader);
  out->client_id = id.client_id;
  out->sequence = id.sequence;
  try {
    fill(static_cast<uint8_t*>(slot) + kHeader);
  } catch (const std::exception& e) {
    fail_response(out, e.what());
  } catch (...) {
    fail_response(out, "an exception that is not a std::exception");
  }
  // Counted before the commit: whoever sees the response sees it counted.
  handled_.fetch_add(1, std::memory_order_relaxed);
  dmxp_producer_commit(responses_.handle(), kHeader + types_.response.size, nullptr);
  return Unit{};
}

// ---- client ----

Result<std::shared_ptr<ClientBase>> ClientBase::create(const std::shared_ptr<NodeCore>& node,
                                                       std::string_view name,
                                                       const ServiceTypes& types,
                                                       const ClientOptions& options) {
  std::string resolved;
  auto q = service_channel(*node, name, ChannelKind::ServiceRequest, &resolved);
  if (!q) return q.error();
  auto r = service_channel(*node, name, ChannelKind::ServiceResponse, nullptr);
  if (!r) return r.error();
  uint32_t depth = std::bit_ceil(std::max<uint32_t>(options.response_depth, 2));
  // Subscribed before the first request, so no response can be missed.
  auto responses = open_service_consumer(r.value(), types.response, types.response_fingerprint,
                                         DMXP_MODE_BROADCAST, DMXP_KEEP_LAST, depth,
                                         DMXP_START_NEWEST);
  if (!responses) return responses.error();
  auto async_responses = open_service_consumer(r.value(), types.response,
                                               types.response_fingerprint, DMXP_MODE_BROADCAST,
                                               DMXP_KEEP_LAST, depth, DMXP_START_NEWEST);
  if (!async_responses) return async_responses.error();
  auto c = std::make_shared<ClientBase>(node, resolved, types, q.value(),
                                        std::move(responses).value(),
                                        std::move(async_responses).value());
  c->graph_handle_ = node->register_endpoint(EndpointKind::ServiceClient, resolved,
                                             types.request.name, types.request_fingerprint, QoS());
  node->add_entity(c);
  return c;
}

ClientBase::ClientBase(std::shared_ptr<NodeCore> node, std::string name, const ServiceTypes& types,
                       TopicChannel requests, Consumer responses, Consumer async_responses)
    : Entity(std::move(node)),
      name_(std::move(name)),
      types_(types),
      request_channel_(std::move(requests)),
      responses_(std::move(responses)),
      async_responses_(std::move(async_responses)),
      client_id_(random_id()) {}

void ClientBase::on_detach() {
  node().unregister_endpoint(graph_handle_);
  // No callback runs after detach: calls in flight are dropped (a future's promise fails it).
  std::map<uint64_t, Pending> dropped;
  {
    std::lock_guard lock(async_mu_);
    dropped.swap(pending_);
  }
}

Error ClientBase::timed_out(int64_t timeout_ns) const {
  return Error(DMXP_ERR_TIMEOUT, "service '" + name_ + "': no response within " +
                                     std::to_string(timeout_ns / 1000000) + " ms");
}

Error ClientBase::server_gone() const {
  return Error(DMXP_ERR_NOT_FOUND, "service '" + name_ + "': the server went away before it answered");
}

Error ClientBase::no_server() const {
  return Error(DMXP_ERR_NOT_FOUND, "service '" + name_ + "' has no server (no live process serves "
                                   "it in domain '" + request_channel_.domain + "')");
}

bool ClientBase::service_is_ready() const {
  dmxp_channel_info info;
  return channel_info(request_channel_.domain, request_channel_.channel, &info) && info.consumers > 0;
}

bool ClientBase::wait_for_service(int64_t timeout_ns) const {
  uint64_t deadline = monotonic_ns() + uint64_t(std::max<int64_t>(timeout_ns, 0));
  for (;;) {
    if (service_is_ready()) return true;
    if (monotonic_ns() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Status ClientBase::ensure_producer() {
  if (requests_) return Unit{};
  auto p = open_service_producer(request_channel_, types_.request, types_.request_fingerprint,
                                 DMXP_MODE_QUEUE, DMXP_RELIABLE, 0, false);
  if (!p) return p.status() == DMXP_ERR_NOT_FOUND ? no_server() : p.error();
  requests_.emplace(std::move(p).value());
  return Unit{};
}

Status ClientBase::send_request(const void* request, uint64_t seq, uint64_t deadline_ns,
                                int64_t loan_timeout_ns) {
  std::lock_guard lock(send_mu_);
  if (Status s = ensure_producer(); !s) return s;
  void* slot = nullptr;
  if (int rc = dmxp_producer_loan(requests_->handle(), kHeader + types_.request.size, &slot,
                                  loan_timeout_ns))
    return Error(rc, "service '" + name_ + "': request not sent: " + Error::last(rc).what());
  auto* h = static_cast<ServiceHeader*>(slot);
  std::memset(h, 0, kHeader);
  h->client_id = client_id_;
  h->sequence = seq;
  h->deadline_ns = int64_t(deadline_ns);
  h->caller = CallerIdentity{int32_t(getpid()), 0, own_start_time()};
  std::memcpy(static_cast<uint8_t*>(slot) + kHeader, request, types_.request.size);
  if (int rc = dmxp_producer_commit(requests_->handle(), kHeader + types_.request.size, nullptr))
    return Error::last(rc);
  return Unit{};
}

bool ClientBase::response_to_us(const dmxp_message& m, uint64_t* seq,
                                std::optional<Error>* failed) const {
  if (m.size != kHeader + types_.response.size) return false;
  ServiceHeader rh;
  std::memcpy(&rh, m.data, kHeader);
  if (rh.client_id != client_id_) return false;
  *seq = rh.sequence;
  if (rh.status != 0) {
    std::string text(rh.text, std::min<size_t>(rh.text_size, sizeof rh.text));
    failed->emplace(DMXP_ERR_UNSUPPORTED, "service '" + name_ + "': the handler failed: " + text);
  }
  return true;
}

Status ClientBase::call(const void* request, int64_t timeout_ns,
                        const std::function<void(const void*)>& on_response) {
  std::lock_guard lock(call_mu_);
  if (!service_is_ready()) return no_server();
  uint64_t start = monotonic_ns();
  uint64_t deadline = start + uint64_t(std::max<int64_t>(timeout_ns, 0));
  uint64_t seq = sequence_.fetch_add(1, std::memory_order_relaxed) + 1;
  dmxp_consumer* c = responses_.handle();
  dmxp_consumer_seek(c, UINT64_MAX);  // older responses are not ours
  if (Status s = send_request(request, seq, deadline, int64_t(deadline - start)); !s) return s;

  for (;;) {
    uint64_t now = monotonic_ns();
    if (now >= deadline) return timed_out(timeout_ns);
    dmxp_message m;
    int rc = dmxp_consumer_receive(c, &m, std::min<int64_t>(int64_t(deadline - now), kLivenessSliceNs));
    if (rc == DMXP_ERR_TIMEOUT) {
      if (!service_is_ready()) return server_gone();
      continue;
    }
    if (rc == DMXP_ERR_INTERRUPTED) continue;
    if (rc != DMXP_OK) return Error::last(rc);
    uint64_t got = 0;
    std::optional<Error> failed;
    if (!response_to_us(m, &got, &failed) || got != seq) continue;
    if (failed) {
      dmxp_consumer_release(c);
      return *failed;
    }
    on_response(static_cast<const uint8_t*>(m.data) + kHeader);
    dmxp_consumer_release(c);
    return Unit{};
  }
}

}  // namespace dmxp::rt
