// rt_test_support.hpp - what the runtime's tests share: a per-test domain (DomainTest) whose
// channels and graph registry are removed at the end, node options in that domain, an
// executor spinning on a background thread, waiting with a deadline, and peer processes.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "dmxp/rt/rt.hpp"
#include "test_support.hpp"

namespace rt_test {

using namespace std::chrono_literals;

inline constexpr int kWaitMs = 20'000;  // bounds failures; never a speed requirement

// Polls pred every millisecond until it holds or timeout_ms passed.
bool wait_until(const std::function<bool()>& pred, int timeout_ms = kWaitMs);

class RtTest : public dmxp_test::DomainTest {
 protected:
  void TearDown() override;
  dmxp::rt::NodeOptions node_options() const;
  // Channels of the test's domain, by name.
  std::vector<std::string> channels() const;
  bool channel_exists(const std::string& name) const;
  // rt_test_peer <role> <domain> args...
  dmxp_test::ChildProcess peer(const std::string& role, const std::vector<std::string>& args);
  // An executable from the build's bin/, in this test's domain ($DMXP_DOMAIN).
  dmxp_test::ChildProcess program(const std::string& name, const std::vector<std::string>& args);
};

// Spins an executor on a thread until destroyed.
class BackgroundSpin {
 public:
  explicit BackgroundSpin(dmxp::rt::Executor& exec);
  ~BackgroundSpin();
 private:
  dmxp::rt::Executor& exec_;
  std::thread thread_;
};

// Executor options for the test process: signals stay with gtest.
dmxp::rt::ExecutorOptions test_executor(unsigned threads = 1, bool busy_poll = false);

// Reaps a child after SIGTERM (or SIGINT) and returns its status.
dmxp_test::ExitStatus terminate(dmxp_test::ChildProcess& child, int signal = 15);

}  // namespace rt_test
