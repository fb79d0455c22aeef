#include "soak_process.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dmxp_soak {

pid_t spawn_child(const std::string& name, const std::vector<std::string>& args, int exec_fd,
                  const std::string& extra_env) {
  // Everything the child needs is built before fork: it only calls prctl, getppid and exec.
  // By default the child execs /proc/self/exe: the supervisor's own binary, even if a rebuild
  // replaced the file since (a long soak must not mix versions); exec_fd likewise.
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(name.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  if (!extra_env.empty()) envp.push_back(const_cast<char*>(extra_env.c_str()));
  envp.push_back(nullptr);
  pid_t parent = getpid();
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("dmxp_soak: fork");
    return -1;
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(125);  // the supervisor died before prctl
    if (exec_fd >= 0) fexecve(exec_fd, argv.data(), envp.data());
    else execve("/proc/self/exe", argv.data(), envp.data());
    dprintf(2, "dmxp_soak: exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  return pid;
}

bool reap_child(pid_t pid, int* status) {
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {  // not our child any more: treat as gone
      *status = 0;
      return true;
    }
    return false;
  }
}

std::string describe_wait_status(int status) {
  char buf[96];
  if (WIFEXITED(status)) std::snprintf(buf, sizeof buf, "exited with code %d", WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    std::snprintf(buf, sizeof buf, "killed by signal %d (%s)", WTERMSIG(status),
                  strsignal(WTERMSIG(status)));
  else std::snprintf(buf, sizeof buf, "wait status %#x", status);
  return buf;
}

}  // namespace dmxp_soak
