// dmxp-bench-idle-nodes - what sleeping nodes pay for other nodes' traffic in their domain.
//
//   dmxp-bench-idle-nodes cell --nodes N --rates 0,1000,10000,100000 [--seconds S]
//   dmxp-bench-idle-nodes idle <domain> <index> | sub <domain> | pub <domain> <rate> <seconds>
//
// A cell starts N idle nodes (processes, each a node with one subscription on its own quiet
// topic, spinning a blocking executor, as a robot's idle nodes do), then for each rate runs a
// publisher node and a subscriber node (blocking executor) on another topic of the same domain
// for S seconds, and reads the CPU time (utime + stime, /proc/<pid>/stat) the idle nodes
// used meanwhile. Rate 0 (no pair) is the idle nodes' own floor: executor housekeeping and
// the stall checks of their waitsets. Prints one JSON line per rate:
//   {"nodes":N,"rate":R,"idle_cpu_us_per_node_s":X,"delivered":D,"seconds":S}
// bench/idle_nodes.py runs cells for two builds interleaved (the previous commit's libraries
// through LD_LIBRARY_PATH) and prints the table of bench/RESULTS.md.
#include <dmxp_nodes_msgs/msg/Probe.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "dmxp/rt/rt.hpp"

using dmxp_nodes_msgs::msg::Probe;

namespace {

std::string self_path() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "dmxp-bench-idle-nodes";
  buf[n] = 0;
  return buf;
}

pid_t spawn(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// utime + stime of a process in microseconds.
uint64_t cpu_us(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(f, line);
  size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  uint64_t utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return (utime + stime) * 1'000'000 / uint64_t(sysconf(_SC_CLK_TCK));
}

uint64_t total_cpu_us(const std::vector<pid_t>& pids) {
  uint64_t sum = 0;
  for (pid_t p : pids) sum += cpu_us(p);
  return sum;
}

void stop_all(const std::vector<pid_t>& pids) {
  for (pid_t p : pids) kill(p, SIGTERM);
  for (pid_t p : pids) waitpid(p, nullptr, 0);
}

dmxp::rt::NodeOptions node_options(const std::string& domain) {
  dmxp::rt::NodeOptions n;
  n.domain(domain).use_global_arguments(false).log_level("warn");
  return n;
}

dmxp::rt::ExecutorOptions blocking() {
  dmxp::rt::ExecutorOptions e;
  e.threads = 1;
  e.handle_signals = true;  // SIGTERM ends spin()
  return e;
}

int run_idle(const std::string& domain, const std::string& index) {
  auto node = std::make_shared<dmxp::rt::Node>("idle" + index, node_options(domain));
  auto sub = node->create_subscription<Probe>("quiet" + index, dmxp::rt::QoS(16),
                                              [](const Probe&) {}).value();
  dmxp::rt::Executor exec(blocking());
  exec.add_node(node);
  exec.spin();
  return 0;
}

int run_sub(const std::string& domain) {
  auto node = std::make_shared<dmxp::rt::Node>("sink", node_options(domain));
  uint64_t got = 0;
  auto sub = node->create_subscription<Probe>("traffic", dmxp::rt::QoS(1024),
                                              [&](const Probe&) { ++got; }).value();
  dmxp::rt::Executor exec(blocking());
  exec.add_node(node);
  exec.spin();
  std::printf("%llu\n", (unsigned long long)got);
  return 0;
}

// Publishes at an even pace (a spin to each message's due time), so that the subscriber
// sleeps between messages at low rates, as it would behind a sensor.
int run_pub(const std::string& domain, double rate, double seconds) {
  auto node = std::make_shared<dmxp::rt::Node>("source", node_options(domain));
  auto pub = node->create_publisher<Probe>("traffic", dmxp::rt::QoS(1024)).value();
  using clock = std::chrono::steady_clock;
  const auto period = std::chrono::duration<double>(1.0 / rate);
  const auto start = clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  Probe p{};
  for (uint64_t i = 0;; ++i) {
    auto due = start + std::chrono::duration_cast<clock::duration>(period * double(i));
    if (due >= end) break;
    auto now = clock::now();
    if (due - now > std::chrono::microseconds(200)) std::this_thread::sleep_until(due - std::chrono::microseconds(100));
    while (clock::now() < due) __builtin_ia32_pause();
    p.stamp_ns = int64_t(i);
    pub.publish(p);
  }
  return 0;
}

std::vector<double> parse_list(const std::string& s) {
  std::vector<double> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::stod(item));
  return out;
}

int run_cell(int nodes, const std::vector<double>& rates, double seconds) {
  const std::string self = self_path();
  const std::string domain = "idlebench" + std::to_string(getpid());
  std::vector<pid_t> idle;
  for (int i = 0; i < nodes; ++i) idle.push_back(spawn({self, "idle", domain, std::to_string(i)}));
  // Starting nodes costs CPU (mapping, graph registration, first QoS checks): let it settle.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500 + 40 * nodes));
  for (double rate : rates) {
    std::vector<pid_t> pair;
    int out[2] = {-1, -1};
    if (rate > 0) {
      if (pipe(out) != 0) return 1;
      pid_t sub = fork();
      if (sub == 0) {
        dup2(out[1], 1);
        close(out[0]);
        execl(self.c_str(), self.c_str(), "sub", domain.c_str(), (char*)nullptr);
        _exit(127);
      }
      close(out[1]);
      pair.push_back(sub);
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    uint64_t before = total_cpu_us(idle);
    auto t0 = std::chrono::steady_clock::now();
    if (rate > 0) {
      pid_t pub = spawn({self, "pub", domain, std::to_string(rate), std::to_string(seconds)});
      waitpid(pub, nullptr, 0);
    } else {
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    }
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    uint64_t used = total_cpu_us(idle) - before;
    unsigned long long delivered = 0;
    if (rate > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      stop_all(pair);
      char buf[64] = {};
      ssize_t n = read(out[0], buf, sizeof buf - 1);
      if (n > 0) delivered = std::strtoull(buf, nullptr, 10);
      close(out[0]);
    }
    std::printf("{\"nodes\":%d,\"rate\":%.0f,\"idle_cpu_us_per_node_s\":%.1f,"
                "\"delivered\":%llu,\"seconds\":%.2f}\n",
                nodes, rate, double(used) / nodes / elapsed, delivered, elapsed);
    std::fflush(stdout);
  }
  stop_all(idle);
  for (int i = 0; i < nodes; ++i)
    dmxp_channel_remove(domain.c_str(), ("t.quiet" + std::to_string(i)).c_str());
  dmxp_channel_remove(domain.c_str(), "t.traffic");
  dmxp::rt::GraphRegistry::remove(domain);
  unlink(("/dev/shm/dmxp." + domain + ".keys").c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() >= 3 && a[0] == "idle") return run_idle(a[1], a[2]);
  if (a.size() >= 2 && a[0] == "sub") return run_sub(a[1]);
  if (a.size() >= 4 && a[0] == "pub") return run_pub(a[1], std::stod(a[2]), std::stod(a[3]));
  if (!a.empty() && a[0] == "cell") {
    int nodes = 8;
    std::vector<double> rates = {0, 1000, 10000, 100000};
    double seconds = 3;
    for (size_t i = 1; i + 1 < a.size(); i += 2) {
      if (a[i] == "--nodes") nodes = std::stoi(a[i + 1]);
      else if (a[i] == "--rates") rates = parse_list(a[i + 1]);
      else if (a[i] == "--seconds") seconds = std::stod(a[i + 1]);
    }
    return run_cell(nodes, rates, seconds);
  }
  std::fprintf(stderr,
               "usage: dmxp-bench-idle-nodes cell [--nodes N] [--rates R,...] [--seconds S]\n");
  return 2;
}
