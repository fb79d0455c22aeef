// Asynchronous service calls (service.hpp): pending calls by sequence number, answered from
// the client's second response consumer that the executor drains, or failed by the
// executor's tick (timeout, server gone, not sent). Each call leaves pending_ exactly once,
// under async_mu_, and whoever takes it out runs its callback.
#include <spdlog/logger.h>

#include "dmxp/rt/service.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

using namespace detail;  // channels and process identity

namespace {

constexpr uint32_t kHeader = sizeof(ServiceHeader);
constexpr int64_t kAsyncTickNs = 20'000'000;  // async deadlines and server checks

}  // namespace

void ClientBase::async_call(const void* request, int64_t timeout_ns, AsyncDone done) {
  uint64_t start = monotonic_ns();
  uint64_t deadline = start + uint64_t(std::max<int64_t>(timeout_ns, 0));
  uint64_t seq = sequence_.fetch_add(1, std::memory_order_relaxed) + 1;
  {
    // In pending_ before it is sent: the response may be drained on another thread at once.
    std::lock_guard lock(async_mu_);
    pending_.emplace(seq, Pending{deadline, timeout_ns, std::move(done), std::nullopt});
  }
  std::optional<Error> failed;
  if (!service_is_ready()) {
    failed = no_server();
  } else if (Status s = send_request(request, seq, deadline, 0); !s) {
    failed = s.status() == DMXP_ERR_WOULD_BLOCK
                 ? Error(DMXP_ERR_WOULD_BLOCK, "service '" + name_ + "': request not sent: the "
                         "request queue is full (raise ServiceOptions::queue_depth or wait for "
                         "answers)")
                 : s.error();
  }
  if (!failed) return;
  // Delivered by the executor like any result, so the callback never runs inside async_call.
  std::lock_guard lock(async_mu_);
  if (auto it = pending_.find(seq); it != pending_.end()) it->second.failed = std::move(failed);
}

size_t ClientBase::calls_in_flight() const {
  std::lock_guard lock(async_mu_);
  return pending_.size();
}

size_t ClientBase::drain(size_t max) {
  dmxp_consumer* c = async_responses_.handle();
  size_t n = 0;
  dmxp_message m;
  while (n < max && !detached() && dmxp_consumer_try_receive(c, &m) == DMXP_OK) {
    ++n;
    uint64_t seq = 0;
    std::optional<Error> failed;
    if (!response_to_us(m, &seq, &failed)) continue;
    std::optional<Pending> call;
    {
      std::lock_guard lock(async_mu_);
      auto it = pending_.find(seq);
      if (it == pending_.end() || it->second.failed) continue;  // timed out, or not async
      call.emplace(std::move(it->second));
      pending_.erase(it);
    }
    run_locked([&] {
      if (failed) call->done(nullptr, &*failed);
      else call->done(static_cast<const uint8_t*>(m.data) + kHeader, nullptr);
    });
  }
  if (n) dmxp_consumer_release(c);
  // A lagging reader of the shared keep-last response ring skips ahead: say so when calls
  // wait, rather than let those whose responses were overwritten time out without a word.
  if (uint64_t lost = dmxp_consumer_lost(c); lost != reported_lost_) {
    if (calls_in_flight() > 0)
      node().logger().warn("service '{}': {} responses were overwritten (or left half-written "
                           "by a server that died) before this client read them; a call "
                           "waiting for one of them times out (raise "
                           "ClientOptions::response_depth above the calls in flight)",
                           name_, lost - reported_lost_);
    reported_lost_ = lost;
  }
  return n;
}

int64_t ClientBase::event_period_ns() const { return kAsyncTickNs; }

void ClientBase::fail_calls(std::vector<Pending>& calls, const std::optional<Error>& error) {
  for (Pending& p : calls)
    run_locked([&] {
      Error e = p.failed ? *p.failed : error ? *error : timed_out(p.timeout_ns);
      p.done(nullptr, &e);
    });
}

void ClientBase::check_events(uint64_t now_ns) {
  {
    std::lock_guard lock(async_mu_);
    if (pending_.empty()) return;
  }
  bool gone = !service_is_ready();
  // Responses already in the ring win over a server death seen after they were sent.
  if (gone) drain(SIZE_MAX);
  std::vector<Pending> expired;
  {
    std::lock_guard lock(async_mu_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (gone || it->second.failed || now_ns >= it->second.deadline_ns) {
        expired.push_back(std::move(it->second));
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
  }
  fail_calls(expired, gone ? std::optional<Error>(server_gone()) : std::nullopt);
}

}  // namespace dmxp::rt
