// child_process.hpp - real processes for multi-process tests: fork (optionally exec) a child
// connected by two pipes, exchange one-byte tokens and fixed-size results, SIGKILL it, and
// reap it with a deadline so that a stuck child fails the test instead of hanging it.
//
// Child side rules: the body runs in a forked copy of a single-threaded test process; it uses
// plain code and the DMXP C API, never gtest assertions, reports problems on stderr and
// returns an exit code (0 = success). The child ends with _exit(): no atexit handlers, no
// gtest teardown, no flushing of the parent's buffers.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace dmxp_test {

// Tokens the tests' children send.
inline constexpr char kTokenReady = 'R';     // attached, about to receive (or send)
inline constexpr char kTokenReleased = 'K';  // everything released, about to block

// The child's ends of the pipes.
class ChildIo {
 public:
  ChildIo(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}
  bool send_token(char token) const { return write_all(&token, 1); }
  // Waits for exactly this token; false on timeout, EOF or another byte.
  bool wait_token(char token, int timeout_ms) const;
  bool write_all(const void* data, size_t size) const;
  bool read_exact(void* data, size_t size, int timeout_ms) const;
  int in_fd() const { return in_; }
  int out_fd() const { return out_; }

 private:
  int in_, out_;
};

struct ExitStatus {
  bool exited = false;     // exit() or _exit()
  int code = -1;           // exit code when exited
  int signal = 0;          // terminating signal otherwise
  bool timed_out = false;  // the deadline passed; the child was SIGKILLed
  bool ok() const { return exited && code == 0; }
  std::string describe() const;
};

class ChildProcess {
 public:
  // Forks; the child runs body and _exits with its result (a C++ exception: exit code 120).
  static ChildProcess fork(const std::function<int(ChildIo&)>& body);
  // Forks and execs argv[0] (a path). The child reads tokens on fd 3 and writes on fd 4.
  static ChildProcess exec(const std::vector<std::string>& argv);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();  // SIGKILLs and reaps a child still running

  pid_t pid() const { return pid_; }
  bool send_token(char token) const { return write_all(&token, 1); }
  bool wait_token(char token, int timeout_ms) const;
  bool write_all(const void* data, size_t size) const;
  bool read_exact(void* data, size_t size, int timeout_ms) const;

  // Reaps the child, waiting at most timeout_ms (then SIGKILL).
  ExitStatus wait(int timeout_ms);
  // SIGKILL now, then reap. The returned status says it died of SIGKILL.
  ExitStatus kill_and_reap();
  // SIGKILL now and wait (up to timeout_ms) until it is a zombie, without reaping it.
  bool kill_leaving_zombie(int timeout_ms);
  bool running() const { return pid_ > 0; }

 private:
  ChildProcess() = default;
  void close_fds();
  pid_t pid_ = -1;
  int to_child_ = -1;    // parent writes
  int from_child_ = -1;  // parent reads
};

// Helpers both sides use.
bool fd_write_all(int fd, const void* data, size_t size);
bool fd_read_exact(int fd, void* data, size_t size, int timeout_ms);

}  // namespace dmxp_test
