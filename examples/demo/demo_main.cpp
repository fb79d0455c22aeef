// dmxp-demo: two processes over one channel. Without --role it starts a consumer process
// and a producer process (itself, re-executed), waits for both and reports.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "demo_roles.hpp"
#include "dmxp/dmxp.h"

extern char** environ;

namespace {
pid_t spawn_role(const char* self, const char* role, const demo::Settings& s) {
  std::string n = std::to_string(s.messages), b = std::to_string(s.batch);
  std::vector<const char*> argv = {self, "--role", role, "--domain", s.domain.c_str(),
                                   "--messages", n.c_str(), "--batch", b.c_str(), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, self, nullptr, nullptr, const_cast<char**>(argv.data()), environ) != 0) {
    std::perror("posix_spawn");
    std::exit(1);
  }
  return pid;
}

int wait_for(pid_t pid, const char* what) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  std::fprintf(stderr, "demo: %s died with signal %d\n", what, WTERMSIG(status));
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  demo::Settings s;
  s.domain = "demo-" + std::to_string(getpid());
  std::string role;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--role") role = argv[i + 1];
    else if (a == "--domain") s.domain = argv[i + 1];
    else if (a == "--messages") s.messages = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--batch") s.batch = uint32_t(std::strtoul(argv[i + 1], nullptr, 10));
    else { std::fprintf(stderr, "usage: dmxp-demo [--messages N] [--batch B]\n"); return 2; }
  }
  if (role == "producer") return demo::run_producer(s);
  if (role == "consumer") return demo::run_consumer(s);

  std::printf("demo: %llu ticks from a producer process to a consumer process through "
              "/dev/shm (domain %s)\n", (unsigned long long)s.messages, s.domain.c_str());
  std::fflush(stdout);
  const char* self = "/proc/self/exe";
  char path[4096];
  ssize_t len = readlink(self, path, sizeof path - 1);
  if (len > 0) { path[len] = 0; self = path; }
  pid_t consumer = spawn_role(self, "consumer", s);
  // The channel is reliable: once the consumer is attached, nothing it has not read is ever
  // overwritten. Start the producer only then, so not a single tick can predate it.
  for (int i = 0; i < 5000; ++i) {
    dmxp_channel_info info;
    if (dmxp_channel_info_get(s.domain.c_str(), s.channel.c_str(), &info) == DMXP_OK &&
        info.consumers > 0)
      break;
    usleep(1000);
  }
  pid_t producer = spawn_role(self, "producer", s);
  int rc = wait_for(producer, "producer") | wait_for(consumer, "consumer");
  dmxp_channel_remove(s.domain.c_str(), s.channel.c_str());
  std::string keys = "/dev/shm/dmxp." + s.domain + ".keys";
  unlink(keys.c_str());
  std::printf(rc == 0 ? "demo: OK, every tick delivered once, in order, checksums valid\n"
                      : "demo: FAILED\n");
  return rc;
}
