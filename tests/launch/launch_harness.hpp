// launch_harness.hpp - runs dmxp-launch as the tests' users do: a real process, in the
// test's private domain, its output (stdout and stderr together) in a file the test reads
// while it runs. Graph files are written to a per-test temporary directory.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "rt_test_support.hpp"

namespace launch_test {

struct LaunchExit {
  bool exited = false;
  int code = -1;
  int signal = 0;
  bool timed_out = false;
};

class Launcher {
 public:
  // Starts `dmxp-launch args...` with DMXP_DOMAIN=domain and $PWD=dir.
  Launcher(const std::string& domain, const std::string& dir, const std::vector<std::string>& args);
  ~Launcher();  // SIGKILLs a launcher still running (and fails nothing: tests check exits)
  Launcher(const Launcher&) = delete;
  Launcher& operator=(const Launcher&) = delete;

  pid_t pid() const { return pid_; }
  std::string output() const;
  // Waits until the output holds `needle` `times` times; false after timeout_ms.
  bool wait_for(const std::string& needle, int timeout_ms = 20'000, int times = 1) const;
  void signal(int sig) const;
  LaunchExit wait(int timeout_ms = 30'000);

 private:
  pid_t pid_ = -1;
  std::string out_path_;
};

// Pids of live processes (other than this one) whose environment has DMXP_DOMAIN=domain:
// what the launcher started, and anything they started.
std::vector<pid_t> processes_in_domain(const std::string& domain);
// The pid printed in the launcher's "started <label> (pid N)" line; -1 if none.
pid_t started_pid(const std::string& output, const std::string& label, int occurrence = 1);
size_t count_of(const std::string& text, const std::string& needle);

class LaunchTest : public rt_test::RtTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Writes a file under the test's directory; returns its path.
  std::string write(const std::string& name, const std::string& text) const;
  const std::string& dir() const { return dir_; }
  // A package "demo" whose executable "talker" is launch_test_node, on
  // DMXP_LAUNCH_PACKAGE_PATH (TearDown unsets it): ROS 2 files name it pkg="demo" exec="talker".
  void add_demo_package() const;
  // Runs the launcher to its end; returns the exit status and puts the output in *output.
  LaunchExit run(const std::vector<std::string>& args, std::string* output, int timeout_ms = 30'000);

 private:
  std::string dir_;
};

}  // namespace launch_test
