// dmxp-bench-foxglove-pub: the publisher side of bench/foxglove/run.py. A node publishing
// nav_msgs/Odometry on /bench/odom at --rate Hz that times each publish iteration (loan, fill,
// publish: what a node's loop pays per message) with CLOCK_MONOTONIC. Each line "report" on
// stdin prints the iterations since the previous report as one JSON line
// {"n", "p50_ns", "p90_ns", "p99_ns", "mean_ns"} and starts a new window; "quit" ends it.
//
//   dmxp-bench-foxglove-pub --rate 200
#include <nav_msgs/msg/Odometry.hpp>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "dmxp/rt/rt.hpp"

namespace {

int64_t now_ns(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void report(std::vector<int64_t>& samples) {
  std::sort(samples.begin(), samples.end());
  auto pct = [&](double q) { return samples.empty() ? 0 : samples[size_t(q * double(samples.size() - 1))]; };
  double mean = 0;
  for (int64_t s : samples) mean += double(s);
  mean = samples.empty() ? 0 : mean / double(samples.size());
  std::printf("{\"n\": %zu, \"p50_ns\": %lld, \"p90_ns\": %lld, \"p99_ns\": %lld, \"mean_ns\": %.0f}\n",
              samples.size(), (long long)pct(0.5), (long long)pct(0.9), (long long)pct(0.99), mean);
  std::fflush(stdout);
  samples.clear();
}

}  // namespace

int main(int argc, char** argv) {
  double rate = 200;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--rate") == 0) rate = std::stod(argv[++i]);
  dmxp::rt::Node node("bench_odom_publisher");
  auto pub = node.create_publisher<nav_msgs::msg::Odometry>("/bench/odom", dmxp::rt::QoS(16)).value();
  std::vector<int64_t> samples;
  samples.reserve(1 << 16);
  const int64_t period = int64_t(1e9 / rate);
  int64_t next = now_ns(CLOCK_MONOTONIC);
  uint64_t seq = 0;
  std::printf("ready\n");
  std::fflush(stdout);
  for (;;) {
    pollfd in{0, POLLIN, 0};
    if (poll(&in, 1, 0) > 0) {
      char line[64] = {};
      if (!std::fgets(line, sizeof line, stdin) || std::strncmp(line, "quit", 4) == 0) break;
      if (std::strncmp(line, "report", 6) == 0) report(samples);
    }
    int64_t t0 = now_ns(CLOCK_MONOTONIC);
    auto m = pub.loan();
    if (m) {
      int64_t wall = now_ns(CLOCK_REALTIME);
      m->header.stamp.sec = int32_t(wall / 1'000'000'000);
      m->header.stamp.nanosec = uint32_t(wall % 1'000'000'000);
      m->header.frame_id = "odom";
      m->child_frame_id = "base_link";
      m->pose.pose.position.x = double(seq++) * 1e-3;
      m->pose.pose.orientation.w = 1;
      pub.publish(std::move(m));
    }
    samples.push_back(now_ns(CLOCK_MONOTONIC) - t0);
    next += period;
    int64_t wait = next - now_ns(CLOCK_MONOTONIC);
    if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
  }
  return 0;
}
