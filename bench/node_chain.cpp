// dmxp-bench-node-chain - publish-to-callback latency through a chain of three nodes, next to
// the raw channel latency of the core benchmark (dmxp-bench-dmxp) measured in the same run.
//
//   dmxp-bench-node-chain [--samples N] [--rounds R] [--mode busy|block] [--raw PATH]
//                         [--probe PATH] [--sizes 64,image] [--no-pin]
//
// The chain: node A publishes a stamped message on "ping"; node B, in another process,
// receives it in its callback and publishes a message carrying the same stamp on "pong"; node
// C receives it in its callback and takes the time. A and C share one process (CPU 0) and one
// executor; B runs in the other (CPU 1). C's callback publishes A's next message, so the
// chain is a ping-pong with the same shape as the core benchmark's: one-way latency is half
// of A -> B -> C. Each hop loans a slot and writes only the stamp (the message header), as the
// core benchmark writes only its first bytes: a 4K image (sensor_msgs/Image, 24.9 MB) moves
// by loan, never by copy. Busy mode: busy-poll executors (and spin_ns -1 in the raw run).
//
// Rounds alternate raw and node runs, the placement probe right before each (bench/README.md
// explains why); the medians of the rounds are printed as a table and one JSON line per size.
#include <dmxp_nodes_msgs/msg/Probe.hpp>
#include <sensor_msgs/msg/Image.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "common/bench_common.hpp"
#include "dmxp/rt/rt.hpp"

using namespace bench;
using dmxp_nodes_msgs::msg::Probe;
using sensor_msgs::msg::Image;

namespace {

struct Options {
  long samples = 20000;
  int rounds = 5;
  std::string mode = "busy";
  std::string raw = "dmxp-bench-dmxp", probe = "dmxp-bench-probe";
  std::vector<std::string> sizes = {"64", "image"};
  bool pin = true;
};

// Where each message type keeps the stamp: Probe has a field, Image its header stamp.
void set_stamp(Probe& p, uint64_t t) { p.stamp_ns = int64_t(t); }
uint64_t get_stamp(const Probe& p) { return uint64_t(p.stamp_ns); }
void set_stamp(Image& m, uint64_t t) {
  m.header.stamp.sec = int32_t(t / 1000000000);
  m.header.stamp.nanosec = uint32_t(t % 1000000000);
}
uint64_t get_stamp(const Image& m) {
  return uint64_t(m.header.stamp.sec) * 1000000000 + m.header.stamp.nanosec;
}

// Rings of large messages stay small: a ping-pong never has more than one in flight.
template <class T>
dmxp::rt::QoS chain_qos() { return dmxp::rt::QoS(sizeof(T) >= (1u << 20) ? 4 : 64); }

dmxp::rt::ExecutorOptions exec_options(const Options& o) {
  dmxp::rt::ExecutorOptions e;
  e.busy_poll = o.mode == "busy";
  e.handle_signals = false;
  return e;
}

dmxp::rt::NodeOptions node_options(const std::string& domain) {
  dmxp::rt::NodeOptions n;
  n.domain(domain).use_global_arguments(false).start_parameter_services(false).log_level("warn");
  return n;
}

void remove_domain(const std::string& domain) {
  for (const char* c : {"t.ping", "t.pong"}) dmxp_channel_remove(domain.c_str(), c);
  dmxp::rt::GraphRegistry::remove(domain);
  unlink(("/dev/shm/dmxp." + domain + ".keys").c_str());
}

// One run of the chain; returns one-way latencies (A -> C / 2) in ns.
template <class T>
std::vector<uint64_t> chain_run(const Options& o) {
  std::string domain = "nchain" + std::to_string(getpid());
  long warmup = warmup_count(Args{"latency", sizeof(T), o.samples});
  long total = warmup + o.samples;
  {  // Create both channels before forking, so neither side races the other's creation.
    dmxp::rt::Node creator("creator", node_options(domain).enable_graph(false));
    auto a = creator.create_publisher<T>("ping", chain_qos<T>()).value();
    auto b = creator.create_publisher<T>("pong", chain_qos<T>()).value();
  }
  pid_t child = spawn(1, o.pin, [&] {
    auto b = std::make_shared<dmxp::rt::Node>("b", node_options(domain));
    auto pub = b->create_publisher<T>("pong", chain_qos<T>()).value();
    long seen = 0;
    dmxp::rt::Executor exec(exec_options(o));
    auto sub = b->create_subscription<T>("ping", chain_qos<T>(), [&](const T& in) {
      auto out = pub.loan();
      set_stamp(*out, get_stamp(in));
      pub.publish(std::move(out));
      if (++seen == total) exec.cancel();
    }).value();
    exec.add_node(b);
    exec.spin();
    return seen == total ? 0 : 1;
  });
  pin_to(0, o.pin);
  auto a = std::make_shared<dmxp::rt::Node>("a", node_options(domain));
  auto c = std::make_shared<dmxp::rt::Node>("c", node_options(domain));
  auto ping = a->create_publisher<T>("ping", chain_qos<T>()).value();
  std::vector<uint64_t> one_way;
  one_way.reserve(size_t(o.samples));
  long received = 0;
  dmxp::rt::Executor exec(exec_options(o));
  auto send = [&] {
    uint64_t t0 = now_ns();
    auto msg = ping.loan();
    set_stamp(*msg, t0);
    ping.publish(std::move(msg));
  };
  auto pong = c->create_subscription<T>("pong", chain_qos<T>(), [&](const T& in) {
    uint64_t t1 = now_ns();
    if (received++ >= warmup) one_way.push_back((t1 - get_stamp(in)) / 2);
    if (received == total) exec.cancel();
    else send();
  }).value();
  exec.add_node(a);
  exec.add_node(c);
  // B is ready once its subscription is on the ping channel.
  for (uint64_t t = now_ns(); ping.subscription_count() < 1; usleep(1000))
    if (now_ns() - t > 30'000'000'000ull) die("node B never subscribed");
  send();
  exec.spin();
  bool ok = reap(child, "node B");
  pong.reset();
  ping.reset();
  a.reset();
  c.reset();
  remove_domain(domain);
  if (!ok || long(one_way.size()) != o.samples) die("chain run incomplete");
  std::sort(one_way.begin(), one_way.end());
  return one_way;
}

struct Stats {
  uint64_t p50 = 0, p99 = 0;
};

Stats stats_of(const std::vector<uint64_t>& sorted) { return {pct(sorted, 0.5), pct(sorted, 0.99)}; }

std::string run_capture(const std::string& cmd) {
  std::string out;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (fgets(buf, sizeof buf, f)) out += buf;
    pclose(f);
  }
  return out;
}

uint64_t json_field(const std::string& json, const std::string& key) {
  size_t p = json.find("\"" + key + "\":");
  if (p == std::string::npos) return 0;
  return std::strtoull(json.c_str() + p + key.size() + 3, nullptr, 10);
}

Stats raw_run(const Options& o, size_t size) {
  std::string cmd = o.raw + " latency --size " + std::to_string(size) + " --samples " +
                    std::to_string(o.samples) + " --mode " + o.mode + (o.pin ? "" : " --no-pin");
  std::string out = run_capture(cmd);
  Stats s{json_field(out, "p50_ns"), json_field(out, "p99_ns")};
  if (s.p50 == 0) die("raw benchmark failed: %s -> %s", cmd.c_str(), out.c_str());
  return s;
}

uint64_t probe_p50(const Options& o) {
  return json_field(run_capture(o.probe + " probe 2>/dev/null"), "p50_ns");
}

uint64_t median(std::vector<uint64_t> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class T>
void compare(const Options& o, const std::string& label) {
  std::vector<uint64_t> raw50, raw99, node50, node99, probes;
  for (int r = 0; r < o.rounds; ++r) {
    probes.push_back(probe_p50(o));
    Stats raw = raw_run(o, sizeof(T));
    probes.push_back(probe_p50(o));
    Stats node = stats_of(chain_run<T>(o));
    raw50.push_back(raw.p50);
    raw99.push_back(raw.p99);
    node50.push_back(node.p50);
    node99.push_back(node.p99);
    std::fprintf(stderr, "  %s round %d: raw p50 %llu p99 %llu | node p50 %llu p99 %llu ns\n",
                 label.c_str(), r + 1, (unsigned long long)raw.p50, (unsigned long long)raw.p99,
                 (unsigned long long)node.p50, (unsigned long long)node.p99);
  }
  uint64_t rp50 = median(raw50), np50 = median(node50);
  std::printf("| %-6s | %9zu | %8llu | %8llu | %9llu | %9llu | %+8lld | %5.2f | %6llu |\n",
              label.c_str(), sizeof(T), (unsigned long long)rp50,
              (unsigned long long)median(raw99), (unsigned long long)np50,
              (unsigned long long)median(node99), (long long)np50 - (long long)rp50,
              double(np50) / double(rp50), (unsigned long long)median(probes));
  std::fflush(stdout);
  Json("node_chain", "latency")
      .str("message", label).num("size", double(sizeof(T))).str("mode", o.mode)
      .num("samples", double(o.samples)).num("rounds", o.rounds)
      .num("raw_p50_ns", double(rp50)).num("raw_p99_ns", double(median(raw99)))
      .num("node_p50_ns", double(np50)).num("node_p99_ns", double(median(node99)))
      .num("node_overhead_p50_ns", double(int64_t(np50) - int64_t(rp50)))
      .num("probe_p50_ns", double(median(probes)))
      .print();
}

std::string sibling(const char* argv0, const std::string& name) {
  std::string self = argv0;
  size_t slash = self.rfind('/');
  return slash == std::string::npos ? name : self.substr(0, slash + 1) + name;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.raw = sibling(argv[0], "dmxp-bench-dmxp");
  o.probe = sibling(argv[0], "dmxp-bench-probe");
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) die("%s needs a value", k.c_str());
      return argv[++i];
    };
    if (k == "--samples") o.samples = std::strtol(val().c_str(), nullptr, 10);
    else if (k == "--rounds") o.rounds = std::atoi(val().c_str());
    else if (k == "--mode") o.mode = val();
    else if (k == "--raw") o.raw = val();
    else if (k == "--probe") o.probe = val();
    else if (k == "--no-pin") o.pin = false;
    else if (k == "--sizes") {
      o.sizes.clear();
      std::stringstream ss(val());
      for (std::string s; std::getline(ss, s, ',');) o.sizes.push_back(s);
    } else die("unknown option %s", k.c_str());
  }
  if (o.samples < 1 || o.rounds < 1 || (o.mode != "busy" && o.mode != "block")) die("bad options");
  std::printf("Node chain (A -> B -> C, one-way per hop) vs raw channel (dmxp-bench-dmxp), "
              "%s mode, %ld samples, median of %d interleaved rounds [ns]\n\n", o.mode.c_str(),
              o.samples, o.rounds);
  std::printf("| msg    |     bytes |  raw p50 |  raw p99 |  node p50 |  node p99 | node-raw | ratio | probe  |\n");
  std::printf("|--------|-----------|----------|----------|-----------|-----------|----------|-------|--------|\n");
  for (const std::string& s : o.sizes) {
    if (s == "64") compare<Probe>(o, "64B");
    else if (s == "image") compare<Image>(o, "4K-img");
    else die("unknown size %s (64 or image)", s.c_str());
  }
  return 0;
}
