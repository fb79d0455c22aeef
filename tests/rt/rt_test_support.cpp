#include "rt_test_support.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>

namespace rt_test {

bool wait_until(const std::function<bool()>& pred, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (pred()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
}

void RtTest::TearDown() {
  for (const std::string& c : channels()) dmxp_channel_remove(domain(), c.c_str());
  dmxp::rt::GraphRegistry::remove(domain());
  DomainTest::TearDown();
}

dmxp::rt::NodeOptions RtTest::node_options() const {
  dmxp::rt::NodeOptions o;
  o.domain(domain()).use_global_arguments(false);
  return o;
}

std::vector<std::string> RtTest::channels() const {
  std::vector<std::string> out;
  dmxp_channel_list(
      domain(),
      [](const dmxp_channel_info* info, int, void* user) {
        static_cast<std::vector<std::string>*>(user)->emplace_back(info->name);
        return 0;
      },
      &out);
  return out;
}

bool RtTest::channel_exists(const std::string& name) const {
  for (const std::string& c : channels())
    if (c == name) return true;
  return false;
}

dmxp_test::ChildProcess RtTest::peer(const std::string& role, const std::vector<std::string>& args) {
  std::vector<std::string> argv{RT_TEST_PEER_PATH, role, domain()};
  argv.insert(argv.end(), args.begin(), args.end());
  return dmxp_test::ChildProcess::exec(argv);
}

dmxp_test::ChildProcess RtTest::program(const std::string& name, const std::vector<std::string>& args) {
  // env(1) sets the domain for the child alone (setenv here would race the test's threads)
  // and execs the program in the same process, so the pid is the program's.
  std::vector<std::string> argv{"/usr/bin/env", std::string("DMXP_DOMAIN=") + domain(),
                                std::string(RT_BIN_DIR_PATH) + "/" + name};
  argv.insert(argv.end(), args.begin(), args.end());
  return dmxp_test::ChildProcess::exec(argv);
}

BackgroundSpin::BackgroundSpin(dmxp::rt::Executor& exec)
    : exec_(exec), thread_([this] { exec_.spin(); }) {}

BackgroundSpin::~BackgroundSpin() {
  exec_.cancel();
  thread_.join();
}

dmxp::rt::ExecutorOptions test_executor(unsigned threads, bool busy_poll) {
  dmxp::rt::ExecutorOptions o;
  o.threads = threads;
  o.busy_poll = busy_poll;
  o.handle_signals = false;
  return o;
}

dmxp_test::ExitStatus terminate(dmxp_test::ChildProcess& child, int signal) {
  ::kill(child.pid(), signal);
  return child.wait(dmxp_test::kChildTimeoutMs);
}

}  // namespace rt_test
