#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace dmxp_test {
namespace {

int64_t now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

ExitStatus decode(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) {
    s.exited = true;
    s.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
  }
  return s;
}

bool wait_token_on(int fd, char token, int timeout_ms) {
  char got = 0;
  return fd_read_exact(fd, &got, 1, timeout_ms) && got == token;
}

}  // namespace

bool fd_write_all(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= size_t(n);
  }
  return true;
}

bool fd_read_exact(int fd, void* data, size_t size, int timeout_ms) {
  char* p = static_cast<char*>(data);
  int64_t deadline = now_ms() + timeout_ms;
  while (size) {
    int64_t left = deadline - now_ms();
    if (left <= 0) return false;
    struct pollfd pfd{fd, POLLIN, 0};
    int r = ::poll(&pfd, 1, int(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // EOF: the other side exited
    p += n;
    size -= size_t(n);
  }
  return true;
}

bool ChildIo::wait_token(char token, int timeout_ms) const {
  return wait_token_on(in_, token, timeout_ms);
}
bool ChildIo::write_all(const void* d, size_t n) const { return fd_write_all(out_, d, n); }
bool ChildIo::read_exact(void* d, size_t n, int t) const { return fd_read_exact(in_, d, n, t); }

std::string ExitStatus::describe() const {
  char buf[96];
  if (timed_out) std::snprintf(buf, sizeof buf, "did not finish in time (SIGKILLed)");
  else if (exited) std::snprintf(buf, sizeof buf, "exited with code %d", code);
  else std::snprintf(buf, sizeof buf, "died of signal %d (%s)", signal, strsignal(signal));
  return buf;
}

ChildProcess ChildProcess::fork(const std::function<int(ChildIo&)>& body) {
  int down[2], up[2];  // down: parent -> child, up: child -> parent
  if (pipe2(down, O_CLOEXEC) != 0 || pipe2(up, O_CLOEXEC) != 0) {
    std::perror("pipe2");
    std::abort();
  }
  std::fflush(nullptr);  // nothing buffered may be written twice
  pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("fork");
    std::abort();
  }
  if (pid == 0) {
    ::close(down[1]);
    ::close(up[0]);
    int code = 120;
    try {
      ChildIo io(down[0], up[1]);
      code = body(io);
    } catch (...) {
      dprintf(2, "child %d: uncaught exception\n", int(getpid()));
    }
    _exit(code);
  }
  ::close(down[0]);
  ::close(up[1]);
  ChildProcess c;
  c.pid_ = pid;
  c.to_child_ = down[1];
  c.from_child_ = up[0];
  return c;
}

ChildProcess ChildProcess::exec(const std::vector<std::string>& argv) {
  int down[2], up[2];
  if (pipe2(down, O_CLOEXEC) != 0 || pipe2(up, O_CLOEXEC) != 0) {
    std::perror("pipe2");
    std::abort();
  }
  // Everything the child needs is prepared before fork: it only calls dup2 and execv.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("fork");
    std::abort();
  }
  if (pid == 0) {
    // Copies above 9 first (so neither lands on 3 or 4), then dup2: the copies carry no
    // O_CLOEXEC, so fds 3 and 4 survive the exec.
    int in = ::fcntl(down[0], F_DUPFD, 10), out = ::fcntl(up[1], F_DUPFD, 10);
    if (in < 0 || out < 0 || ::dup2(in, 3) < 0 || ::dup2(out, 4) < 0) _exit(126);
    ::execv(args[0], args.data());
    dprintf(2, "execv %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  ::close(down[0]);
  ::close(up[1]);
  ChildProcess c;
  c.pid_ = pid;
  c.to_child_ = down[1];
  c.from_child_ = up[0];
  return c;
}

ChildProcess::ChildProcess(ChildProcess&& o) noexcept
    : pid_(std::exchange(o.pid_, -1)),
      to_child_(std::exchange(o.to_child_, -1)),
      from_child_(std::exchange(o.from_child_, -1)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& o) noexcept {
  if (this != &o) {
    if (pid_ > 0) kill_and_reap();
    close_fds();
    pid_ = std::exchange(o.pid_, -1);
    to_child_ = std::exchange(o.to_child_, -1);
    from_child_ = std::exchange(o.from_child_, -1);
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) kill_and_reap();
  close_fds();
}

void ChildProcess::close_fds() {
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
  to_child_ = from_child_ = -1;
}

bool ChildProcess::wait_token(char token, int timeout_ms) const {
  return wait_token_on(from_child_, token, timeout_ms);
}
bool ChildProcess::write_all(const void* d, size_t n) const { return fd_write_all(to_child_, d, n); }
bool ChildProcess::read_exact(void* d, size_t n, int t) const {
  return fd_read_exact(from_child_, d, n, t);
}

ExitStatus ChildProcess::wait(int timeout_ms) {
  if (pid_ <= 0) return ExitStatus{};
  int64_t deadline = now_ms() + timeout_ms;
  int status = 0;
  for (useconds_t nap = 100;; nap = nap < 20000 ? nap * 2 : nap) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (r < 0 && errno != EINTR) return ExitStatus{};
    if (now_ms() >= deadline) {
      ExitStatus s = kill_and_reap();
      s.timed_out = true;
      return s;
    }
    ::usleep(nap);
  }
  pid_ = -1;
  return decode(status);
}

bool ChildProcess::kill_leaving_zombie(int timeout_ms) {
  if (pid_ <= 0) return false;
  ::kill(pid_, SIGKILL);
  siginfo_t info{};
  int64_t deadline = now_ms() + timeout_ms;
  while (now_ms() < deadline) {
    // WNOWAIT: look at the state change and leave the child waitable (a zombie).
    info.si_pid = 0;
    if (::waitid(P_PID, id_t(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid_)
      return true;
    ::usleep(500);
  }
  return false;
}

ExitStatus ChildProcess::kill_and_reap() {
  if (pid_ <= 0) return ExitStatus{};
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return decode(status);
}

}  // namespace dmxp_test
