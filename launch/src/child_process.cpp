#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace dmxp::launch {
namespace {

// After fork, before exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const ProcessSpec& spec, char* const* argv, int out_fd, int status_fd,
                             pid_t parent) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127);  // the launcher died before prctl
  // The launcher holds SIGINT/SIGTERM/SIGCHLD for Asio; the node starts with defaults.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  dup2(out_fd, STDOUT_FILENO);
  dup2(out_fd, STDERR_FILENO);
  int err = 0;
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) err = errno;
  if (err == 0) {
    execv(argv[0], argv);
    err = errno;
  }
  ssize_t ignored = write(status_fd, &err, sizeof err);
  (void)ignored;
  _exit(127);
}

}  // namespace

Spawned spawn_process(const ProcessSpec& spec) {
  Spawned s;
  int out[2], status[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0) {
    s.error = std::string("pipe: ") + std::strerror(errno);
    return s;
  }
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // setenv is not safe after fork: the environment is prepared in the parent, applied by
  // the child through environ, restored here after the fork.
  std::vector<std::pair<std::string, std::string>> saved;
  for (const auto& [k, v] : spec.env) {
    const char* old = std::getenv(k.c_str());
    saved.emplace_back(k, old ? std::string("=") + old : std::string());
    if (v == kUnsetEnvValue) unsetenv(k.c_str());
    else setenv(k.c_str(), v.c_str(), 1);
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) exec_child(spec, argv.data(), out[1], status[1], parent);
  for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
    if (it->second.empty()) unsetenv(it->first.c_str());
    else setenv(it->first.c_str(), it->second.c_str() + 1, 1);
  }
  close(out[1]);
  close(status[1]);
  if (pid < 0) {
    s.error = std::string("fork: ") + std::strerror(errno);
    close(out[0]);
    close(status[0]);
    return s;
  }
  setpgid(pid, pid);  // also here, so the group exists before any signal is sent to it
  int err = 0;
  ssize_t n;
  do n = read(status[0], &err, sizeof err); while (n < 0 && errno == EINTR);
  close(status[0]);
  if (n == sizeof err) {
    waitpid(pid, nullptr, 0);
    close(out[0]);
    s.error = "cannot start " + spec.argv[0] + ": " + std::strerror(err);
    return s;
  }
  fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
  s.pid = pid;
  s.output_fd = out[0];
  return s;
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    return "killed by signal " + std::to_string(sig) + " (SIG" + (abbrev ? abbrev : "?") + ")";
  }
  return "stopped (status " + std::to_string(status) + ")";
}

}  // namespace dmxp::launch
