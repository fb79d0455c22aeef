// dmxp-bench-tf: what transforms cost (bench/tf/run.py runs it; results in bench/RESULTS.md).
//
//   dmxp-bench-tf lookup [--iterations N]   lookup_transform latency on the robot's tree
//                                           (map -> odom static, odom -> base_link with 10 s
//                                           of 1 kHz samples, base_link -> laser static)
//   dmxp-bench-tf broadcast --rate HZ --seconds S   odom -> base_link on /tf at HZ
//   dmxp-bench-tf listen --seconds S        a node with a TransformListener and a Buffer
//
// broadcast and listen print one line "cpu_s=<user+system seconds> received=<n> ..." at the
// end; run.py divides the CPU time by the wall time.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "dmxp/rt/rt.hpp"
#include "dmxp/tf/transform_broadcaster.hpp"
#include "dmxp/tf/transform_listener.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using dmxp::tf::TimeNs;

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

Eigen::Isometry3d pose(double x, double yaw) {
  return Eigen::Translation3d(x, 0, 0) * Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ());
}

// One case: the median and 99th percentile of single calls (each timed), and the mean of a
// tight loop (no timer in it).
void time_case(const char* name, size_t n, const std::function<TimeNs(size_t)>& time_of,
               const dmxp::tf::Buffer& b, const char* target, const char* source) {
  std::vector<double> ns(n);
  double sink = 0;
  for (size_t i = 0; i < n; ++i) {
    TimeNs t = time_of(i);
    auto s = Clock::now();
    sink += b.lookup_transform(target, source, t).transform.translation().x();
    ns[i] = double(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - s).count());
  }
  auto s = Clock::now();
  for (size_t i = 0; i < n; ++i) sink += b.lookup_transform(target, source, time_of(i)).transform.translation().x();
  double mean = double(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - s).count()) / double(n);
  std::sort(ns.begin(), ns.end());
  std::printf("lookup case=%s mean_ns=%.0f p50_ns=%.0f p99_ns=%.0f (sink %g)\n", name, mean, ns[n / 2],
              ns[n * 99 / 100], sink);
}

int lookup(size_t n) {
  dmxp::tf::Buffer b;
  const TimeNs start = 1'000'000'000, step = 1'000'000;  // 1 kHz for 10 s
  b.set_transform({0, "map", "odom", pose(10, 0)}, "bench", true);
  b.set_transform({0, "base_link", "laser", pose(0.2, 0)}, "bench", true);
  b.set_transform({0, "base_link", "imu", pose(0.0, 3.14)}, "bench", true);
  for (TimeNs k = 0; k < 10'000; ++k)
    b.set_transform({start + k * step, "odom", "base_link", pose(double(k) * 1e-3, double(k) * 1e-4)}, "bench", false);
  std::mt19937_64 rng(42);
  std::vector<TimeNs> times(n);
  for (TimeNs& t : times) t = start + TimeNs(rng() % uint64_t(9'999 * step));  // between samples, anywhere
  time_case("latest odom<-base_link", n, [](size_t) { return TimeNs(0); }, b, "odom", "base_link");
  time_case("interpolated odom<-base_link", n, [&](size_t i) { return times[i]; }, b, "odom", "base_link");
  time_case("interpolated map<-laser (3 links)", n, [&](size_t i) { return times[i]; }, b, "map", "laser");
  time_case("static imu<-laser (siblings)", n, [](size_t) { return TimeNs(0); }, b, "imu", "laser");
  return 0;
}

dmxp::rt::NodeOptions options() { return dmxp::rt::NodeOptions().use_global_arguments(false); }

int broadcast(double rate, double seconds) {
  dmxp::rt::Node node("bench_tf_broadcaster", options());
  dmxp::tf::TransformBroadcaster tf(node);
  auto period = std::chrono::nanoseconds(int64_t(1e9 / rate));
  auto next = Clock::now(), end = next + std::chrono::nanoseconds(int64_t(seconds * 1e9));
  double cpu0 = cpu_seconds();
  uint64_t sent = 0;
  while (next < end) {
    TimeNs stamp = std::chrono::duration_cast<std::chrono::nanoseconds>(next.time_since_epoch()).count();
    tf.send_transform({stamp, "odom", "base_link", pose(double(sent) * 1e-3, 0)});
    ++sent;
    next += period;
    std::this_thread::sleep_until(next);
  }
  std::printf("broadcast cpu_s=%.3f sent=%llu\n", cpu_seconds() - cpu0, (unsigned long long)sent);
  return 0;
}

int listen(double seconds) {
  dmxp::rt::Node node("bench_tf_listener", options());
  dmxp::tf::Buffer buffer;
  dmxp::tf::TransformListener listener(node, buffer);
  dmxp::rt::ExecutorOptions eo;
  eo.handle_signals = false;
  dmxp::rt::Executor exec(eo);
  exec.add_node(node);
  std::printf("ready\n");
  std::fflush(stdout);
  double cpu0 = cpu_seconds();
  exec.spin_for(std::chrono::nanoseconds(int64_t(seconds * 1e9)));
  double cpu = cpu_seconds() - cpu0;
  auto info = buffer.frame_info();
  std::printf("listen cpu_s=%.3f received=%llu samples=%zu\n", cpu, (unsigned long long)listener.received(),
              info.empty() ? size_t(0) : info[0].samples);
  return 0;
}

double arg_after(int argc, char** argv, const std::string& name, double fallback) {
  for (int i = 2; i + 1 < argc; ++i)
    if (argv[i] == name) return std::stod(argv[i + 1]);
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "lookup") return lookup(size_t(arg_after(argc, argv, "--iterations", 1e6)));
  if (mode == "broadcast") return broadcast(arg_after(argc, argv, "--rate", 1000), arg_after(argc, argv, "--seconds", 10));
  if (mode == "listen") return listen(arg_after(argc, argv, "--seconds", 10));
  std::fprintf(stderr, "usage: dmxp-bench-tf lookup [--iterations N] | broadcast --rate HZ --seconds S | listen --seconds S\n");
  return 2;
}
