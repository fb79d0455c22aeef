#include "node/context.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>

#include "dmxp/rt/node_options.hpp"

namespace dmxp::rt {
namespace {

struct Context {
  std::mutex mu;
  // The global arguments: set by init(), or else read from the command line at first use.
  bool global_known = false;
  Arguments global;
  std::optional<Error> global_error;  // the command line's --ros-args were malformed
  std::map<uint64_t, std::function<void()>> spinners;
  uint64_t next = 1;
};

Context& context() {
  static Context* c = new Context();  // never destroyed: signal paths may outlive statics
  return *c;
}

std::atomic<bool> g_shutdown{false};

// argv as the kernel keeps it: NUL-terminated strings, one after the other.
std::vector<std::string> own_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::string> argv;
  for (size_t at = 0; at < bytes.size();) {
    size_t end = bytes.find('\0', at);
    if (end == std::string::npos) end = bytes.size();
    argv.push_back(bytes.substr(at, end - at));
    at = end + 1;
  }
  return argv;
}

// Without init(), nodes get what init(argc, argv) would have read (as rclcpp nodes get the
// global context's arguments): a program that forgot init still runs where dmxp-launch puts
// it, under the name and with the remappings and parameters it was given.
void read_command_line_once(Context& c) {
  if (c.global_known) return;
  c.global_known = true;
  Result<Arguments> args = parse_arguments(own_command_line());
  if (!args) {
    c.global_error = Error(args.status(), std::string("the process's command line (/proc/self/cmdline; "
                                                      "dmxp::rt::init was not called): ") +
                                              args.error().what());
    return;
  }
  c.global = std::move(args).value();
  c.global.unparsed.clear();
}

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
  context().global_known = true;
  context().global_error.reset();
  context().global = std::move(args).value();
  context().global.unparsed.clear();
  return rest;
}

const Arguments& global_arguments() {
  std::lock_guard lock(context().mu);
  read_command_line_once(context());
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

Result<Arguments> global_arguments_for_node() {
  std::lock_guard lock(context().mu);
  read_command_line_once(context());
  if (context().global_error) return *context().global_error;
  return context().global;
}

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
