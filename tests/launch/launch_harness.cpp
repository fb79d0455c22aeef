#include "launch_harness.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace launch_test {

Launcher::Launcher(const std::string& domain, const std::string& dir, const std::vector<std::string>& args) {
  out_path_ = dir + "/launcher-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".out";
  std::vector<std::string> env_strings{"DMXP_DOMAIN=" + domain, "PWD=" + dir};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "DMXP_DOMAIN=", 12) != 0 && std::strncmp(*e, "PWD=", 4) != 0) env_strings.push_back(*e);
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> all{LAUNCH_BIN};
  all.insert(all.end(), args.begin(), args.end());
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&fa, dir.c_str());
  if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&fa);
}

Launcher::~Launcher() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::filesystem::remove(out_path_);
}

std::string Launcher::output() const {
  std::ifstream in(out_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Launcher::wait_for(const std::string& needle, int timeout_ms, int times) const {
  return rt_test::wait_until([&] { return count_of(output(), needle) >= size_t(times); }, timeout_ms);
}

void Launcher::signal(int sig) const {
  if (pid_ > 0) ::kill(pid_, sig);
}

LaunchExit Launcher::wait(int timeout_ms) {
  LaunchExit r;
  if (pid_ <= 0) return r;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  r.exited = WIFEXITED(status);
  r.code = r.exited ? WEXITSTATUS(status) : -1;
  r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return r;
}

std::vector<pid_t> processes_in_domain(const std::string& domain) {
  std::vector<pid_t> out;
  std::string needle = "DMXP_DOMAIN=" + domain;
  DIR* d = opendir("/proc");
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    pid_t pid = pid_t(std::atoi(e->d_name));
    if (pid <= 0 || pid == getpid()) continue;
    std::ifstream in("/proc/" + std::string(e->d_name) + "/environ");
    std::string var;
    while (std::getline(in, var, '\0'))
      if (var == needle) {
        // A zombie has no environment left to read; one that still has it is alive.
        out.push_back(pid);
        break;
      }
  }
  closedir(d);
  return out;
}

pid_t started_pid(const std::string& output, const std::string& label, int occurrence) {
  size_t at = 0;
  for (int i = 0; i < occurrence; ++i) {
    size_t found = std::string::npos;
    for (const char* verb : {"started ", "restarted "}) {
      size_t f = output.find(verb + label + " (pid ", at);
      if (f != std::string::npos && (found == std::string::npos || f < found)) found = f;
    }
    if (found == std::string::npos) return -1;
    at = output.find("(pid ", found) + 5;
  }
  return pid_t(std::atoi(output.c_str() + at));
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

void LaunchTest::SetUp() {
  RtTest::SetUp();
  dir_ = "/tmp/dmxp-launch-test-" + std::string(domain());
  std::filesystem::create_directories(dir_);
}

void LaunchTest::TearDown() {
  unsetenv("DMXP_LAUNCH_PACKAGE_PATH");
  EXPECT_EQ(processes_in_domain(domain()), std::vector<pid_t>{}) << "processes left running";
  std::filesystem::remove_all(dir_);
  RtTest::TearDown();
}

std::string LaunchTest::write(const std::string& name, const std::string& text) const {
  std::string path = dir_ + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
  return path;
}

void LaunchTest::add_demo_package() const {
  std::filesystem::create_directories(dir_ + "/pkgs/demo");
  std::filesystem::create_symlink(LAUNCH_TEST_NODE, dir_ + "/pkgs/demo/talker");
  setenv("DMXP_LAUNCH_PACKAGE_PATH", (dir_ + "/pkgs").c_str(), 1);
}

LaunchExit LaunchTest::run(const std::vector<std::string>& args, std::string* output, int timeout_ms) {
  Launcher l(domain(), dir_, args);
  LaunchExit r = l.wait(timeout_ms);
  if (output) *output = l.output();
  return r;
}

}  // namespace launch_test
