// dmxp-bench-bridge-peer - the DMXP ends of bench/bridge/run.py (issue 15, section 5). One job
// per run, in $DMXP_DOMAIN; every job prints exactly one JSON line on stdout.
//
//   ping  --out T --in T --kind K [--samples N] [--warmup W] [--mode block|busy]
//         publishes a message with a sequence number on --out, waits for it to come back on
//         --in (any echo: a DMXP pong, a bridge to rclpy, ...), then sends the next; one-way
//         latency = round trip / 2. Until the first echo (discovery, matching) the current
//         message is sent again every 200 ms; later a message lost for 2 s is sent again and
//         counted as "resent" (its sample is dropped).
//   pong  --in T --out T --kind K [--mode block|busy]
//         echoes every message of --in on --out, whole (every field copied), until killed.
//   pub   --out T --kind K --seconds S [--rate HZ] [--wait-subs N]
//         publishes for S seconds, at HZ or as fast as it can (no --rate), once the topic has
//         N subscriptions (default 1); measures every publish (loan, fill, publish) and reports
//         its p50/p99/p99.9/mean and the messages per second.
//   sub   --in T --kind K --seconds S
//         from the first message on, counts what arrives for S seconds: messages per second,
//         and the sequence numbers that never arrived (fails after 20 s without a message).
//
// Kinds (what bench/bridge/run.py calls the sizes), all with ROS 2 names, so that the bridge
// and rclpy carry them: "64B" std_msgs/String of 59 characters (64 bytes of CDR after the
// 4-byte encapsulation header); "odom" nav_msgs/Odometry; "scan" sensor_msgs/LaserScan with
// 720 ranges and 720 intensities; "1MiB" sensor_msgs/PointCloud2 with 1 MiB of data (65536
// points of x, y, z, intensity). The sequence number travels in the string's first 10
// characters or in header.stamp.sec.
#include <time.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <nav_msgs/msg/Odometry.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <sensor_msgs/msg/PointCloud2.hpp>
#include <std_msgs/msg/String.hpp>

#include "common/bench_common.hpp"
#include "dmxp/rt/rt.hpp"
#include "stage_trace.hpp"

using namespace bench;

namespace {

struct Options {
  std::string job, in, out, kind = "64B", mode = "block";
  long samples = 5000, warmup = 200;
  double seconds = 5, rate = 0;
  uint32_t wait_subs = 1;
};

constexpr size_t kScanPoints = 720;
constexpr size_t kCloudBytes = 1 << 20;

// ---- the four kinds: fill a message with sequence number seq, read it back, echo it ----

void fill(std_msgs::msg::String& m, uint64_t seq) {
  char text[64];
  std::snprintf(text, sizeof text, "%010llu", (unsigned long long)seq);
  std::string s(text);
  s.resize(59, 'x');
  m.data = s;
}
uint64_t seq_of(const std_msgs::msg::String& m) {
  return std::strtoull(std::string(std::string_view(m.data).substr(0, 10)).c_str(), nullptr, 10);
}
void echo(std_msgs::msg::String& out, const std_msgs::msg::String& in) { out.data = std::string_view(in.data); }

void fill(nav_msgs::msg::Odometry& m, uint64_t seq) {
  m.header.stamp.sec = int32_t(seq);
  m.header.frame_id = "odom";
  m.child_frame_id = "base_link";
  m.pose.pose.position.x = 1.5;
  m.pose.pose.orientation.w = 1.0;
  m.twist.twist.linear.x = 0.5;
  for (size_t i = 0; i < 36; ++i) {
    m.pose.covariance[i] = double(i) * 0.5;
    m.twist.covariance[i] = -double(i) * 0.25;
  }
}
uint64_t seq_of(const nav_msgs::msg::Odometry& m) { return uint64_t(uint32_t(m.header.stamp.sec)); }
void echo(nav_msgs::msg::Odometry& out, const nav_msgs::msg::Odometry& in) { out = in; }  // ~1 KB, fixed

void fill(sensor_msgs::msg::LaserScan& m, uint64_t seq) {
  m.header.stamp.sec = int32_t(seq);
  m.header.frame_id = "laser";
  m.angle_min = -1.5f;
  m.angle_max = 1.5f;
  m.angle_increment = 3.0f / kScanPoints;
  m.scan_time = 0.1f;
  m.range_min = 0.1f;
  m.range_max = 30.0f;
  m.ranges.resize(kScanPoints);
  m.intensities.resize(kScanPoints);
  for (size_t i = 0; i < kScanPoints; ++i) {
    m.ranges[i] = float(i) * 0.25f;
    m.intensities[i] = float(i % 7);
  }
}
uint64_t seq_of(const sensor_msgs::msg::LaserScan& m) { return uint64_t(uint32_t(m.header.stamp.sec)); }
void echo(sensor_msgs::msg::LaserScan& out, const sensor_msgs::msg::LaserScan& in) {
  out.header = in.header;
  out.angle_min = in.angle_min;
  out.angle_max = in.angle_max;
  out.angle_increment = in.angle_increment;
  out.time_increment = in.time_increment;
  out.scan_time = in.scan_time;
  out.range_min = in.range_min;
  out.range_max = in.range_max;
  out.ranges.assign(std::span<const float>(in.ranges.data(), in.ranges.size()));
  out.intensities.assign(std::span<const float>(in.intensities.data(), in.intensities.size()));
}

const std::vector<uint8_t>& cloud_bytes() {
  static const std::vector<uint8_t> bytes = [] {
    std::vector<uint8_t> b(kCloudBytes);
    for (size_t i = 0; i < b.size(); ++i) b[i] = uint8_t(i * 131 + 7);
    return b;
  }();
  return bytes;
}
void fill(sensor_msgs::msg::PointCloud2& m, uint64_t seq) {
  m.header.stamp.sec = int32_t(seq);
  m.header.frame_id = "lidar";
  m.height = 1;
  m.width = kCloudBytes / 16;
  m.fields.resize(4);
  const char* names[] = {"x", "y", "z", "intensity"};
  for (uint32_t i = 0; i < 4; ++i) {
    m.fields[i].name = names[i];
    m.fields[i].offset = 4 * i;
    m.fields[i].datatype = 7;  // FLOAT32
    m.fields[i].count = 1;
  }
  m.is_bigendian = false;
  m.point_step = 16;
  m.row_step = kCloudBytes;
  m.data.resize(kCloudBytes);
  std::memcpy(m.data.data(), cloud_bytes().data(), kCloudBytes);  // a producer writes its data
  m.is_dense = true;
}
uint64_t seq_of(const sensor_msgs::msg::PointCloud2& m) { return uint64_t(uint32_t(m.header.stamp.sec)); }
void echo(sensor_msgs::msg::PointCloud2& out, const sensor_msgs::msg::PointCloud2& in) {
  out.header = in.header;
  out.height = in.height;
  out.width = in.width;
  out.fields.resize(in.fields.size());
  for (size_t i = 0; i < in.fields.size(); ++i) out.fields[i] = in.fields[i];
  out.is_bigendian = in.is_bigendian;
  out.point_step = in.point_step;
  out.row_step = in.row_step;
  out.data.resize(in.data.size());
  std::memcpy(out.data.data(), in.data.data(), in.data.size());
  out.is_dense = in.is_dense;
}

// Large messages keep small rings: a ping-pong has one in flight, a flood is lossy anyway.
template <class T>
dmxp::rt::QoS qos() { return dmxp::rt::QoS(sizeof(T) >= (1u << 20) ? 4 : 64).reliable(); }

dmxp::rt::NodeOptions node_options() {
  dmxp::rt::NodeOptions n;
  n.use_global_arguments(false).start_parameter_services(false).log_level("warn");
  return n;
}

dmxp::rt::ExecutorOptions executor_options(const Options& o) {
  dmxp::rt::ExecutorOptions e;
  e.busy_poll = o.mode == "busy";
  e.threads = 1;
  return e;
}

template <class T>
int ping(const Options& o) {
  auto node = std::make_shared<dmxp::rt::Node>("bench_ping", node_options());
  auto pub = node->create_publisher<T>(o.out, qos<T>()).value();
  uint64_t seq = 0, sent_at = 0, resent = 0;
  bool echoed = false;
  std::vector<uint64_t> rtt;
  rtt.reserve(size_t(o.samples));
  long received = 0;
  dmxp::rt::Executor exec(executor_options(o));
  auto send = [&] {
    dmxp_bridge::stage::mark(dmxp_bridge::stage::PingSent);
    auto m = pub.loan();
    fill(*m, seq);
    sent_at = now_ns();
    pub.publish(std::move(m));
  };
  auto sub = node->create_subscription<T>(o.in, qos<T>(), [&](const T& in) {
    uint64_t t = now_ns();
    dmxp_bridge::stage::mark(dmxp_bridge::stage::PingReceived);
    if (seq_of(in) != seq) return;  // a late copy of a message sent again
    echoed = true;
    if (received++ >= o.warmup) rtt.push_back(t - sent_at);
    if (received == o.warmup + o.samples) {
      exec.cancel();
      return;
    }
    ++seq;
    send();
  }).value();
  auto retry = node->create_timer(std::chrono::milliseconds(200), [&] {
    uint64_t waited = now_ns() - sent_at;
    if (!echoed || waited > 2'000'000'000ull) {
      if (echoed) ++resent;
      send();
    }
  });
  exec.add_node(node);
  send();
  exec.spin();
  print_latency("bridge-peer", Args{"latency", 0, o.samples, o.mode}, rtt, 0);
  std::fprintf(stderr, "ping: %llu resent\n", (unsigned long long)resent);
  return resent ? 3 : 0;
}

template <class T>
int pong(const Options& o) {
  auto node = std::make_shared<dmxp::rt::Node>("bench_pong", node_options());
  auto pub = node->create_publisher<T>(o.out, qos<T>()).value();
  auto sub = node->create_subscription<T>(o.in, qos<T>(), [&](const T& in) {
    dmxp_bridge::stage::mark(dmxp_bridge::stage::PongReceived);
    dmxp_bridge::stage::mark(dmxp_bridge::stage::PongSent);
    auto m = pub.loan();
    echo(*m, in);
    pub.publish(std::move(m));
  }).value();
  dmxp::rt::ExecutorOptions e = executor_options(o);
  e.handle_signals = true;  // SIGINT/SIGTERM end the spin
  dmxp::rt::Executor exec(e);
  exec.add_node(node);
  exec.spin();
  Json("bridge-peer", "pong").print();
  return 0;
}

void sleep_until(uint64_t t_ns) {
  timespec ts{time_t(t_ns / 1'000'000'000), long(t_ns % 1'000'000'000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) != 0) {
  }
}

uint64_t monotonic_now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000 + uint64_t(ts.tv_nsec);
}

template <class T>
int pub(const Options& o) {
  dmxp::rt::Node node("bench_pub", node_options());
  auto p = node.create_publisher<T>(o.out, qos<T>()).value();
  for (uint64_t t0 = now_ns(); p.subscription_count() < o.wait_subs; usleep(1000))
    if (now_ns() - t0 > 30'000'000'000ull) die("no %u subscription(s) on %s after 30 s", o.wait_subs, o.out.c_str());
  std::vector<uint64_t> loop;
  loop.reserve(o.rate > 0 ? size_t(o.rate * o.seconds) + 16 : 1 << 22);
  const uint64_t period = o.rate > 0 ? uint64_t(1e9 / o.rate) : 0;
  const uint64_t start = monotonic_now(), end = start + uint64_t(o.seconds * 1e9);
  uint64_t seq = 0, next = start;
  double sum = 0;
  for (uint64_t now = start; now < end; ++seq) {
    if (period) {
      sleep_until(next);
      next += period;
    }
    uint64_t t0 = now_ns();
    auto m = p.loan();
    fill(*m, seq);
    p.publish(std::move(m));
    uint64_t d = now_ns() - t0;
    sum += double(d);
    if (loop.size() < loop.capacity()) loop.push_back(d);
    now = monotonic_now();
  }
  double secs = double(monotonic_now() - start) / 1e9;
  std::sort(loop.begin(), loop.end());
  Json("bridge-peer", "pub")
      .str("kind", o.kind).num("rate", o.rate).num("published", double(seq)).num("seconds", secs)
      .num("msgs_per_s", double(seq) / secs).num("mean_ns", sum / double(seq))
      .num("p50_ns", double(pct(loop, 0.5))).num("p99_ns", double(pct(loop, 0.99)))
      .num("p999_ns", double(pct(loop, 0.999))).num("max_ns", double(loop.back()))
      .print();
  return 0;
}

template <class T>
int sub(const Options& o) {
  auto node = std::make_shared<dmxp::rt::Node>("bench_sub", node_options());
  uint64_t first_at = 0, count = 0, first_seq = 0, last_seq = 0, gaps = 0;
  const uint64_t window = uint64_t(o.seconds * 1e9);
  dmxp::rt::Executor exec(executor_options(o));
  auto s = node->create_subscription<T>(o.in, qos<T>(), [&](const T& in) {
    uint64_t t = now_ns(), q = seq_of(in);
    if (!first_at) {
      first_at = t;
      first_seq = last_seq = q;
    } else {
      if (t - first_at >= window) {
        exec.cancel();
        return;
      }
      if (q > last_seq + 1) gaps += q - last_seq - 1;
      last_seq = std::max(last_seq, q);
    }
    ++count;
  }).value();
  const uint64_t started = now_ns();
  bool gave_up = false;
  auto watchdog = node->create_timer(std::chrono::milliseconds(100), [&] {
    if (!first_at && now_ns() - started > 20'000'000'000ull) {
      gave_up = true;
      exec.cancel();
    }
  });
  exec.add_node(node);
  exec.spin();
  if (gave_up) {
    Json("bridge-peer", "sub").str("error", "no message in 20 s").print();
    return 1;
  }
  Json("bridge-peer", "sub")
      .str("kind", o.kind).num("received", double(count)).num("seconds", o.seconds)
      .num("msgs_per_s", double(count) / o.seconds).num("missing", double(gaps))
      .num("first_seq", double(first_seq)).num("last_seq", double(last_seq))
      .print();
  return 0;
}

template <class T>
int run(const Options& o) {
  if (o.job == "ping") return ping<T>(o);
  if (o.job == "pong") return pong<T>(o);
  if (o.job == "pub") return pub<T>(o);
  if (o.job == "sub") return sub<T>(o);
  die("unknown job '%s' (ping, pong, pub, sub)", o.job.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (argc < 2) die("usage: %s ping|pong|pub|sub [--in T] [--out T] [--kind 64B|odom|scan|1MiB] ...", argv[0]);
  o.job = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string k = argv[i];
    if (i + 1 >= argc) die("%s needs a value", k.c_str());
    std::string v = argv[++i];
    if (k == "--in") o.in = v;
    else if (k == "--out") o.out = v;
    else if (k == "--kind") o.kind = v;
    else if (k == "--mode") o.mode = v;
    else if (k == "--samples") o.samples = std::stol(v);
    else if (k == "--warmup") o.warmup = std::stol(v);
    else if (k == "--seconds") o.seconds = std::stod(v);
    else if (k == "--rate") o.rate = std::stod(v);
    else if (k == "--wait-subs") o.wait_subs = uint32_t(std::stoul(v));
    else die("unknown option %s", k.c_str());
  }
  if (o.mode != "block" && o.mode != "busy") die("--mode is block or busy");
  if (o.kind == "64B") return run<std_msgs::msg::String>(o);
  if (o.kind == "odom") return run<nav_msgs::msg::Odometry>(o);
  if (o.kind == "scan") return run<sensor_msgs::msg::LaserScan>(o);
  if (o.kind == "1MiB") return run<sensor_msgs::msg::PointCloud2>(o);
  die("unknown kind '%s' (64B, odom, scan, 1MiB)", o.kind.c_str());
}
