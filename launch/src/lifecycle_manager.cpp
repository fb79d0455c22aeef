#include "lifecycle_manager.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "dmxp/rt/lifecycle_client.hpp"

namespace dmxp::launch {
namespace {

namespace lc = dmxp::rt::lifecycle;
using Clock = std::chrono::steady_clock;

std::string describe(const lc::State& s) { return std::string(s.label()) + " [" + std::to_string(s.id()) + "]"; }

// The launcher's own node: no parameters, no graph entry, only clients.
std::unique_ptr<rt::Node> make_node(const std::string& domain) {
  rt::NodeOptions o;
  o.domain(domain).start_parameter_services(false).use_global_arguments(false).enable_graph(false);
  return std::make_unique<rt::Node>("dmxp_launch_" + std::to_string(getpid()), o);
}

}  // namespace

LifecycleManager::LifecycleManager(std::string domain, double timeout_s, Note note)
    : domain_(std::move(domain)), timeout_s_(timeout_s), note_(std::move(note)), thread_([this] { run(); }) {}

LifecycleManager::~LifecycleManager() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    jobs_.clear();
  }
  abandoned_ = true;
  cv_.notify_all();
  thread_.join();
}

void LifecycleManager::post(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_all();
}

void LifecycleManager::abandon() {
  {
    std::lock_guard lock(mu_);
    jobs_.clear();
  }
  abandoned_ = true;
}

void LifecycleManager::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return closing_ || !jobs_.empty(); });
      if (closing_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

void LifecycleManager::bring_up(std::vector<std::string> nodes, std::function<void(const std::string&)> done) {
  post([this, nodes = std::move(nodes), done = std::move(done)] {
    auto self = make_node(domain_);
    auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s_));
    std::vector<std::unique_ptr<rt::LifecycleClient>> clients;
    for (const std::string& n : nodes) clients.push_back(std::make_unique<rt::LifecycleClient>(*self, n));
    // One pass per transition: every node configured before any is activated.
    struct Pass {
      const char* transition;
      uint8_t from;
      std::vector<uint8_t> past;  // states that need no such step (the node went on by itself)
      const char* done_word;
    };
    for (const Pass& pass : {Pass{"configure", lc::state_id::kUnconfigured,
                                  {lc::state_id::kInactive, lc::state_id::kActive}, "configured"},
                             Pass{"activate", lc::state_id::kInactive, {lc::state_id::kActive}, "activated"}}) {
      for (auto& c : clients) {
        if (interrupted()) return done("interrupted");
        // A process may still be building its node: wait for it to answer.
        Result<lc::State> state = Error(DMXP_ERR_NOT_FOUND, "");
        for (auto until = Clock::now() + timeout; !interrupted();) {
          state = c->get_state(timeout);
          if (state || state.status() != DMXP_ERR_NOT_FOUND || Clock::now() >= until) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!state) return done("managed node " + c->target() + " did not answer: " + state.error().what());
        uint8_t id = state.value().id();
        if (std::find(pass.past.begin(), pass.past.end(), id) != pass.past.end()) continue;
        if (id != pass.from)
          return done("managed node " + c->target() + " is " + describe(state.value()) + ", where it cannot " +
                      pass.transition);
        Result<bool> ok = c->change_state(pass.transition, timeout);
        if (!ok) return done("could not " + std::string(pass.transition) + " " + c->target() + ": " + ok.error().what());
        if (!ok.value()) {
          Result<lc::State> now = c->get_state(timeout);
          return done("could not " + std::string(pass.transition) + " " + c->target() + ": its transition failed (now " +
                      (now ? describe(now.value()) : std::string(now.error().what())) + ")");
        }
        note_("lifecycle: " + c->target() + " " + pass.done_word);
      }
    }
    done("");
  });
}

void LifecycleManager::bring_down(std::vector<std::string> nodes, std::function<void()> done) {
  interrupt_ = true;  // a bring-up under way stops after its current call
  post([this, nodes = std::move(nodes), done = std::move(done)] {
    interrupt_ = false;
    auto self = make_node(domain_);
    auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s_));
    std::vector<std::unique_ptr<rt::LifecycleClient>> clients;
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it)
      clients.push_back(std::make_unique<rt::LifecycleClient>(*self, *it));
    std::vector<bool> reachable(clients.size(), true);
    struct Pass {
      const char* transition;
      std::vector<uint8_t> from;
      const char* done_word;
    };
    for (const Pass& pass : {Pass{"deactivate", {lc::state_id::kActive}, "deactivated"},
                             Pass{"cleanup", {lc::state_id::kInactive}, "cleaned up"},
                             Pass{"shutdown", {lc::state_id::kUnconfigured, lc::state_id::kInactive, lc::state_id::kActive},
                                  "shut down"}}) {
      for (size_t i = 0; i < clients.size(); ++i) {
        if (abandoned_) return done();
        if (!reachable[i]) continue;
        rt::LifecycleClient& c = *clients[i];
        Result<lc::State> state = c.get_state(timeout);
        if (!state) {
          note_("lifecycle: " + c.target() + " did not answer (" + state.error().what() + "): left as it is");
          reachable[i] = false;
          continue;
        }
        if (std::find(pass.from.begin(), pass.from.end(), state.value().id()) == pass.from.end()) continue;
        Result<bool> ok = c.change_state(pass.transition, timeout);
        if (ok && ok.value()) note_("lifecycle: " + c.target() + " " + pass.done_word);
        else note_("lifecycle: " + c.target() + ": " + pass.transition + " failed" +
                   (ok ? std::string() : std::string(": ") + ok.error().what()));
      }
    }
    done();
  });
}

}  // namespace dmxp::launch
