// dmxp-bench-iceoryx: Eclipse iceoryx 2.0 (iceoryx_posh) untyped publish/subscribe.
// Needs a running iox-roudi (bench/run.py starts it with bench/peers/roudi_config.toml, whose
// 25 MiB mempool is what lets 24 MiB payloads through; the built-in config stops at 4 MiB).
//   latency     two services (ping, pong); loan -> write 8-byte sequence -> publish, then
//               take -> release. busy = take() in a PAUSE spin, block = WaitSet on DATA_RECEIVED.
//               Only the header is written: a loan hands over the chunk, not a copy.
//   throughput  all producers publish on one service, every consumer subscribes to it, so each
//               consumer receives every message ("broadcast"). Lossless: publishers use
//               WAIT_FOR_CONSUMER and subscribers BLOCK_PRODUCER. No batch API (one loan and
//               one publish per message), so batch > 1 is reported unsupported.
// The runtime is initialised only after fork(): its threads and RouDi registration would not
// survive it.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "../common/bench_common.hpp"
#include "iceoryx_hoofs/log/logmanager.hpp"
#include "iceoryx_posh/popo/untyped_publisher.hpp"
#include "iceoryx_posh/popo/untyped_subscriber.hpp"
#include "iceoryx_posh/popo/wait_set.hpp"
#include "iceoryx_posh/runtime/posh_runtime.hpp"

using namespace bench;

namespace {

const char* kPeer = "iceoryx";

// RouDi listens on the Unix socket /tmp/roudi; without it initRuntime() would wait 60 s.
bool roudi_running() {
  int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, "/tmp/roudi");
  bool ok = connect(fd, (sockaddr*)&addr, sizeof addr) == 0;
  close(fd);
  return ok;
}

iox::capro::IdString_t id(const std::string& s) { return {iox::cxx::TruncateToCapacity, s.c_str()}; }

void init_runtime(const std::string& role) {
  iox::log::LogManager::GetLogManager().SetDefaultLogLevel(iox::log::LogLevel::kWarn, iox::log::LogLevelOutput::kHideLogLevel);
  std::string name = "dmxp-bench-" + role + "-" + std::to_string(getpid());
  iox::runtime::PoshRuntime::initRuntime(iox::RuntimeName_t(iox::cxx::TruncateToCapacity, name.c_str()));
}

iox::capro::ServiceDescription service(const std::string& event, pid_t owner) {
  return {"dmxp-bench", id("run" + std::to_string(owner)), id(event)};
}

iox::popo::PublisherOptions pub_options() {
  iox::popo::PublisherOptions o;
  o.subscriberTooSlowPolicy = iox::popo::ConsumerTooSlowPolicy::WAIT_FOR_CONSUMER;
  return o;
}

iox::popo::SubscriberOptions sub_options() {
  iox::popo::SubscriberOptions o;
  o.queueFullPolicy = iox::popo::QueueFullPolicy::BLOCK_PRODUCER;
  return o;
}

void* loan(iox::popo::UntypedPublisher& pub, size_t size) {
  for (Backoff bo;; bo.idle()) {
    auto r = pub.loan(size);
    if (!r.has_error()) return r.value();  // else every chunk is in flight: wait for one
  }
}

// iceoryx aborts the process when no mempool has chunks big enough, so try the loan in a
// throw-away child first and report the size as unsupported if that child dies.
bool payload_fits(size_t size) {
  pid_t pid = spawn(0, false, [&] {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);  // the abort message would read like a failure of the benchmark
    init_runtime("trial");
    iox::popo::UntypedPublisher pub(service("trial", getpid()));
    auto r = pub.loan(size);
    if (!r.has_error()) pub.release(r.value());
    std::exit(r.has_error() ? 1 : 0);  // exit(): deregister from RouDi
    return 0;
  });
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

// The two ends of a ping-pong: publish on `out`, receive on `in`.
struct End {
  iox::popo::UntypedPublisher pub;
  iox::popo::UntypedSubscriber sub;
  iox::popo::WaitSet<> ws;
  bool busy;
  End(pid_t owner, const char* out, const char* in, bool busy_)
      : pub(service(out, owner), pub_options()), sub(service(in, owner), sub_options()), busy(busy_) {
    if (!busy) ws.attachEvent(sub, iox::popo::SubscriberEvent::DATA_RECEIVED).or_else([](auto) { die("iceoryx: WaitSet attach failed"); });
  }
  bool connected() { return pub.hasSubscribers() && sub.getSubscriptionState() == iox::SubscribeState::SUBSCRIBED; }
  uint64_t receive() {
    for (;;) {
      auto r = sub.take();
      if (!r.has_error()) {
        uint64_t seq;
        std::memcpy(&seq, r.value(), 8);
        sub.release(r.value());
        return seq;
      }
      if (busy) cpu_relax();
      else ws.wait();
    }
  }
  void send(size_t size, uint64_t seq) {
    void* p = loan(pub, size);
    std::memcpy(p, &seq, 8);
    pub.publish(p);
  }
};

// Children leave through exit() rather than spawn()'s _exit(): the runtime's static destructor
// then deregisters from RouDi, which would otherwise notice the process gone only after 1.5 s
// and clean up after it in the middle of the next measurement.
template <class F>
auto deregistering(F body) {
  return [body](auto... args) -> int { std::exit(body(args...)); };
}

struct Sync { alignas(64) std::atomic<int> ready{0}; };

int latency(const Args& a) {
  if (!payload_fits(a.size))
    unsupported(kPeer, a, "no RouDi mempool has chunks this large (bench/peers/roudi_config.toml goes to 25 MiB)");
  auto* sync = shared_new<Sync>();
  const pid_t owner = getpid();
  const bool busy = a.mode == "busy";
  const long total = warmup_count(a) + a.samples;
  pid_t child = spawn(1, a.pin, deregistering([&] {
    init_runtime("echo");
    End e(owner, "pong", "ping", busy);
    while (!e.connected()) usleep(1000);
    sync->ready.fetch_add(1);
    for (long i = 0; i < total; ++i) e.send(a.size, e.receive());
    while (sync->ready.load() < 3) usleep(1000);  // keep the subscriber alive for the last take
    return 0;
  }));
  pin_to(0, a.pin);
  init_runtime("ping");
  End e(owner, "ping", "pong", busy);
  while (!e.connected()) usleep(1000);
  sync->ready.fetch_add(1);
  while (sync->ready.load() < 2) usleep(1000);
  std::vector<uint64_t> rtt;
  rtt.reserve(a.samples);
  for (long i = 0; i < total; ++i) {
    uint64_t t0 = now_ns();
    e.send(a.size, i);
    uint64_t seq = e.receive();
    uint64_t t1 = now_ns();
    if (seq != (uint64_t)i) die("iceoryx: echo %llu out of sequence (expected %ld)", (unsigned long long)seq, i);
    if (i >= total - a.samples) rtt.push_back(t1 - t0);
  }
  sync->ready.fetch_add(1);
  if (!reap(child, "echo")) die("iceoryx: echo child failed");
  print_latency(kPeer, a, rtt);
  return 0;
}

int throughput(const Args& a) {
  if (a.batch > 1) unsupported(kPeer, a, "no batch API: one loan and one publish per message");
  if (!payload_fits(a.size)) unsupported(kPeer, a, "no RouDi mempool has chunks this large");
  const pid_t owner = getpid();
  // RouDi connects publishers and subscribers in its discovery loop (every 100 ms): give it a
  // few rounds after everyone is up; the lossless check at the end would catch a late join.
  ThroughputPeer peer{kPeer, "broadcast", {}, {}, 500};
  peer.producer = deregistering([&](int i, Control* ctl) {
    init_runtime("pub" + std::to_string(i));
    iox::popo::UntypedPublisher pub(service("data", owner), pub_options());
    while (!pub.hasSubscribers()) usleep(1000);
    ctl->arrive_and_wait();
    uint64_t n = 0;
    while (ctl->producing()) {
      void* p = loan(pub, a.size);
      std::memcpy(p, &n, 8);
      pub.publish(p);  // blocks while a subscriber queue is full (WAIT_FOR_CONSUMER)
      ctl->sent[i].v.store(++n, std::memory_order_relaxed);
    }
    ctl->producer_done();
    return 0;
  });
  peer.consumer = deregistering([&](int i, Control* ctl) {
    init_runtime("sub" + std::to_string(i));
    iox::popo::UntypedSubscriber sub(service("data", owner), sub_options());
    while (sub.getSubscriptionState() != iox::SubscribeState::SUBSCRIBED) usleep(1000);
    ctl->arrive_and_wait();
    uint64_t n = 0;
    Backoff bo;
    while (ctl->consuming()) {
      auto r = sub.take();
      if (r.has_error()) { bo.idle(); continue; }
      bo.reset();
      volatile uint64_t seq;
      std::memcpy((void*)&seq, r.value(), 8);
      sub.release(r.value());
      ctl->recvd[i].v.store(++n, std::memory_order_relaxed);
    }
    return 0;
  });
  return run_throughput(a, peer);
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse_args(argc, argv);
  if (a.test != "latency" && a.test != "throughput") unsupported(kPeer, a, "unknown test");
  if (!roudi_running()) die("iceoryx: iox-roudi is not running (bench/run.py starts it)");
  return a.test == "latency" ? latency(a) : throughput(a);
}
