#include "node/context.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>

#include "dmxp/rt/node_options.hpp"

namespace dmxp::rt {
namespace {

struct Context {
  std::mutex mu;
  Arguments global;
  std::map<uint64_t, std::function<void()>> spinners;
  uint64_t next = 1;
};

Context& context() {
  static Context* c = new Context();  // never destroyed: signal paths may outlive statics
  return *c;
}

std::atomic<bool> g_shutdown{false};

}  // namespace

void hold_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

Result<std::vector<std::string>> init(int argc, const char* const* argv) {
  hold_shutdown_signals();
  Result<Arguments> args = parse_arguments(argc, argv);
  if (!args) return args.error();
  std::vector<std::string> rest = args.value().unparsed;
  std::lock_guard lock(context().mu);
  context().global = std::move(args).value();
  context().global.unparsed.clear();
  return rest;
}

const Arguments& global_arguments() {
  std::lock_guard lock(context().mu);
  return context().global;
}

bool ok() { return !g_shutdown.load(std::memory_order_acquire); }

void shutdown() {
  g_shutdown.store(true, std::memory_order_release);
  std::vector<std::function<void()>> cancels;
  {
    std::lock_guard lock(context().mu);
    for (auto& [id, f] : context().spinners) cancels.push_back(f);
  }
  for (auto& f : cancels) f();
}

namespace detail {

uint64_t register_spinner(std::function<void()> cancel) {
  std::lock_guard lock(context().mu);
  uint64_t id = context().next++;
  context().spinners[id] = std::move(cancel);
  return id;
}

void unregister_spinner(uint64_t id) {
  std::lock_guard lock(context().mu);
  context().spinners.erase(id);
}

}  // namespace detail
}  // namespace dmxp::rt
