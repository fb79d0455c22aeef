// rt_test_peer - the node programs the runtime's process tests exec, one role per run:
//
//   talker <domain> <topic> <count> [key=value...] [--ros-args ...]
//       publishes count Samples (seq 0..count-1); keys: mode=loan|copy,
//       qos=reliable|best_effort, depth=N, durability=transient|volatile, interval_us=N,
//       deadline_ms=N, wait_go=1 (wait for token 'G' before publishing), hold=1 (spin until
//       SIGTERM/SIGINT after publishing), start_delay_ms=N (sleep before that spin).
//       Tokens: 'R' ready, 'D' all published.
//   server <domain> <service> [sleep_ms=N]
//       std_msgs/Int64 service answering request + 1. Token 'R'. Spins until a signal.
//   adder <domain> <service> [sleep_ms=N]
//       example_interfaces/srv/AddTwoInts service (from a .srv file) answering a + b.
//       Token 'R'. Spins until a signal.
//   manual_talker <domain> <topic> lease_ms=N alive_ms=A pause_ms=P
//       a Sample publisher with manual-by-topic liveliness and lease N: asserts liveliness
//       every N/6 ms for A ms, then stays silent for P ms, then publishes a Sample (which
//       asserts it) every N/6 ms until a signal. Token 'R'.
//   params <domain> [--ros-args ...]
//       node "param_node" declaring rate (double 10.0, must be > 0), label (string "none"),
//       limits (integer_array [1, 2]), fixed (read-only bool true). Token 'R'.
//   streamer <domain> <topic>
//       publishes a Sample every millisecond from a timer and subscribes to "echo_in",
//       answering each on "echo_out"; spins until a signal, then writes its published count
//       (8 bytes) on fd 4. Token 'R'.
//   idle <domain>
//       a node with a subscription, a 1 s timer and parameters, spinning blocked. Token 'R'.
//   no_init <domain> [opt_out=1] [own_args=1] [--ros-args ...]
//       the README's obstacle detector without dmxp::rt::init: node "obstacle_detector",
//       subscribing to "scan", publishing "obstacles" (Samples), declaring threshold (double
//       1.0), made with NodeOptions naming only the domain, so the process's --ros-args reach
//       it only as the runtime reads them itself. opt_out=1: use_global_arguments(false);
//       own_args=1: arguments of its own, -r __ns:=/mine -r scan:=own_scan -p threshold:=0.25.
//       Token 'R'. Spins until a signal.
//
// Children report problems on stderr and exit non-zero; 0 means every check passed.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <example_interfaces/srv/AddTwoInts.hpp>
#include <map>
#include <std_msgs/msg/Int64.hpp>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "dmxp/rt/rt.hpp"
#include "sample.hpp"

using namespace std::chrono_literals;
using dmxp::rt::Executor;
using dmxp::rt::ExecutorOptions;
using dmxp::rt::Node;
using dmxp::rt::NodeOptions;
using dmxp::rt::QoS;
using rt_test::Sample;

namespace {

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> keys;
  std::vector<std::string> ros;  // "--ros-args" and what follows
  long num(const std::string& k, long def) const {
    auto it = keys.find(k);
    return it == keys.end() ? def : std::strtol(it->second.c_str(), nullptr, 10);
  }
  std::string str(const std::string& k, const std::string& def) const {
    auto it = keys.find(k);
    return it == keys.end() ? def : it->second;
  }
};

Args parse(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--ros-args") {
      for (; i < argc; ++i) a.ros.emplace_back(argv[i]);
      break;
    }
    if (size_t eq = s.find('='); eq != std::string::npos) a.keys[s.substr(0, eq)] = s.substr(eq + 1);
    else a.positional.push_back(s);
  }
  return a;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "rt_test_peer: %s\n", what.c_str());
  return 1;
}

NodeOptions options(const std::string& domain, const Args& a) {
  NodeOptions o;
  o.domain(domain).arguments(a.ros);
  return o;
}

ExecutorOptions spin_options() {
  ExecutorOptions eo;
  eo.handle_signals = true;
  return eo;
}

QoS qos_of(const Args& a) {
  QoS q(uint32_t(a.num("depth", 10)));
  if (a.str("qos", "reliable") == "best_effort") q.best_effort();
  if (a.str("durability", "volatile") == "transient") q.transient_local();
  if (long d = a.num("deadline_ms", 0)) q.deadline_period(std::chrono::milliseconds(d));
  q.max_blocking_time(10s);
  return q;
}

int talker(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  if (a.positional.size() < 2) return fail("talker needs <topic> <count>");
  const std::string& topic = a.positional[0];
  uint64_t count = std::strtoull(a.positional[1].c_str(), nullptr, 10);
  auto node = std::make_shared<Node>("talker", options(domain, a));
  auto pub = node->create_publisher<Sample>(topic, qos_of(a));
  if (!pub) return fail(pub.error().what());
  bool loan = a.str("mode", "loan") == "loan";
  long interval = a.num("interval_us", 0);
  io.send_token('R');
  if (a.num("wait_go", 0) && !io.wait_token('G', 20000)) return fail("no go");
  auto pid = uint32_t(getpid());
  auto copy = std::make_unique<Sample>();
  for (uint64_t i = 0; i < count; ++i) {
    if (loan) {
      auto msg = pub.value().loan();
      if (!msg) return fail("loan: " + std::string(msg.error().what()));
      rt_test::fill_sample(*msg, i, pid);
      if (auto r = pub.value().publish(std::move(msg)); !r) return fail(r.error().what());
    } else {
      rt_test::fill_sample(*copy, i, pid);
      if (auto r = pub.value().publish(*copy); !r) return fail(r.error().what());
    }
    if (interval) std::this_thread::sleep_for(std::chrono::microseconds(interval));
  }
  io.send_token('D');
  if (long delay = a.num("start_delay_ms", 0)) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  if (a.num("hold", 0)) {
    Executor exec(spin_options());
    exec.add_node(node);
    exec.spin();
  }
  return 0;
}

int server(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  using std_msgs::msg::Int64;
  if (a.positional.empty()) return fail("server needs <service>");
  long sleep_ms = a.num("sleep_ms", 0);
  auto node = std::make_shared<Node>("server", options(domain, a));
  auto srv = node->create_service<Int64, Int64>(a.positional[0], [&](const Int64& rq, Int64& rs) {
    if (sleep_ms) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    if (rq.data < 0) throw std::runtime_error("negative request");
    rs.data = rq.data + 1;
  });
  if (!srv) return fail(srv.error().what());
  Executor exec(spin_options());
  exec.add_node(node);
  io.send_token('R');
  exec.spin();
  return 0;
}

int adder(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  using example_interfaces::srv::AddTwoInts;
  if (a.positional.empty()) return fail("adder needs <service>");
  long sleep_ms = a.num("sleep_ms", 0);
  auto node = std::make_shared<Node>("adder", options(domain, a));
  auto srv = node->create_service<AddTwoInts>(
      a.positional[0], [&](const AddTwoInts::Request& rq, AddTwoInts::Response& rs) {
        if (sleep_ms) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
        rs.sum = rq.a + rq.b;
      });
  if (!srv) return fail(srv.error().what());
  Executor exec(spin_options());
  exec.add_node(node);
  io.send_token('R');
  exec.spin();
  return 0;
}

int manual_talker(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  if (a.positional.empty()) return fail("manual_talker needs <topic>");
  auto lease = std::chrono::milliseconds(a.num("lease_ms", 300));
  auto alive_for = std::chrono::milliseconds(a.num("alive_ms", 800));
  auto pause_for = std::chrono::milliseconds(a.num("pause_ms", 1500));
  auto node = std::make_shared<Node>("manual_talker", options(domain, a));
  auto pub = node->create_publisher<Sample>(a.positional[0], QoS(16).manual_liveliness(lease));
  if (!pub) return fail(pub.error().what());
  auto start = std::chrono::steady_clock::now();
  uint64_t seq = 0;
  auto pid = uint32_t(getpid());
  auto timer = node->create_timer(lease / 6, [&] {
    auto t = std::chrono::steady_clock::now() - start;
    if (t < alive_for) {
      pub.value().assert_liveliness();
    } else if (t >= alive_for + pause_for) {
      Sample s;
      rt_test::fill_sample(s, seq++, pid);
      (void)pub.value().publish(s);
    }
  });
  Executor exec(spin_options());
  exec.add_node(node);
  io.send_token('R');
  exec.spin();
  return 0;
}

int params(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  auto node = std::make_shared<Node>("param_node", options(domain, a));
  node->declare_parameter("rate", 10.0, {"publishing rate [Hz]", false, false});
  node->declare_parameter("label", std::string("none"));
  node->declare_parameter("limits", std::vector<int64_t>{1, 2});
  node->declare_parameter("fixed", true, {"cannot change", true, false});
  node->add_on_set_parameters_callback([](const std::vector<dmxp::rt::Parameter>& ps) {
    for (const auto& p : ps)
      if (p.name == "rate" && p.value.get<double>() <= 0)
        return dmxp::rt::SetParametersResult{false, "rate must be positive"};
    return dmxp::rt::SetParametersResult{};
  });
  Executor exec(spin_options());
  exec.add_node(node);
  io.send_token('R');
  exec.spin();
  return 0;
}

int streamer(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  if (a.positional.empty()) return fail("streamer needs <topic>");
  auto node = std::make_shared<Node>("streamer", options(domain, a));
  auto pub = node->create_publisher<Sample>(a.positional[0], QoS(64)).value();
  auto echo_out = node->create_publisher<Sample>("echo_out", QoS(16)).value();
  auto echo_in = node->create_subscription<Sample>("echo_in", QoS(16), [&](const Sample& s) {
    echo_out.publish(s);
  }).value();
  uint64_t seq = 0;
  auto pid = uint32_t(getpid());
  auto timer = node->create_timer(1ms, [&] {
    auto msg = pub.loan();
    if (!msg) return;
    rt_test::fill_sample(*msg, seq, pid);
    if (pub.publish(std::move(msg))) ++seq;
  });
  Executor exec(spin_options());
  exec.add_node(node);
  io.send_token('R');
  exec.spin();
  io.write_all(&seq, sizeof seq);
  return 0;
}

int idle(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  auto node = std::make_shared<Node>("idle", options(domain, a));
  auto sub = node->create_subscription<Sample>("idle_topic", QoS(4), [](const Sample&) {}).value();
  auto timer = node->create_timer(1s, [] {});
  Executor exec(spin_options());
  exec.add_node(node);
  io.send_token('R');
  exec.spin();
  return 0;
}

}  // namespace

int no_init(dmxp_test::ChildIo& io, const std::string& domain, const Args& a) {
  NodeOptions o;
  o.domain(domain);
  if (a.num("opt_out", 0)) o.use_global_arguments(false);
  if (a.num("own_args", 0))
    o.arguments({"--ros-args", "-r", "__ns:=/mine", "-r", "scan:=own_scan", "-p", "threshold:=0.25"});
  auto node = std::make_shared<Node>("obstacle_detector", o);
  node->declare_parameter("threshold", 1.0);
  auto pub = node->create_publisher<Sample>("obstacles", QoS(4));
  if (!pub) return fail(pub.error().what());
  auto sub = node->create_subscription<Sample>("scan", QoS(4), [](const Sample&) {});
  if (!sub) return fail(sub.error().what());
  Executor exec(spin_options());
  exec.add_node(node);
  io.send_token('R');
  exec.spin();
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) return fail("usage: rt_test_peer <role> <domain> ...");
  std::string role = argv[1], domain = argv[2];
  Args a = parse(argc, argv, 3);
  dmxp::rt::hold_shutdown_signals();  // a SIGTERM during start-up ends the first spin cleanly
  dmxp_test::ChildIo io(3, 4);
  try {
    if (role == "talker") return talker(io, domain, a);
    if (role == "server") return server(io, domain, a);
    if (role == "adder") return adder(io, domain, a);
    if (role == "manual_talker") return manual_talker(io, domain, a);
    if (role == "params") return params(io, domain, a);
    if (role == "streamer") return streamer(io, domain, a);
    if (role == "idle") return idle(io, domain, a);
    if (role == "no_init") return no_init(io, domain, a);
  } catch (const std::exception& e) {
    return fail(role + ": " + e.what());
  }
  return fail("unknown role " + role);
}
