// The C++ participant of the interop matrix (tests/interop/matrix.py has the contract):
// JointState through the generated header and dmxp.hpp, raw bytes on a numeric channel.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <algorithm>
#include <new>
#include <time.h>
#include <string>
#include <vector>

#include <dmxp/dmxp.hpp>
#include <sensor_msgs/msg/JointState.hpp>

namespace {

using sensor_msgs::msg::JointState;

struct Args {
  std::string mode, domain, channel;
  uint64_t raw_id = 0, count = 0, seed = 0, consumers = 0;
};

uint64_t fnv(uint64_t h, const void* data, size_t n) {
  auto p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}
constexpr uint64_t kFnvStart = 14695981039346656037ull;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "cpp participant: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(dmxp::Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().what());
  return std::move(r).value();
}

void fill(JointState& m, uint64_t i, uint64_t s) {
  size_t k = (i + s) % 4 + 1;
  m.header.stamp.sec = int32_t(i);
  m.header.stamp.nanosec = uint32_t(s);
  m.header.frame_id = "frame-" + std::to_string(i);
  for (size_t j = 0; j < k; ++j) {
    m.name.push_back(("joint-" + std::to_string(j) + "-" + std::to_string(i)).c_str());
    m.position.push_back(double(i) + double(j) * 0.25);
    m.velocity.push_back(-(double(i) + double(j) * 0.5));
    if (i % 2 == 0) m.effort.push_back(double(j) * 1.5);
  }
}

std::vector<unsigned char> raw(uint64_t i, uint64_t s) {
  size_t n = (i * 13 + s) % 120 + 1;
  std::vector<unsigned char> out(8 + n);
  for (size_t j = 0; j < n; ++j) out[8 + j] = (unsigned char)((i * 31 + j * 7 + s) & 0xff);
  uint64_t sum = fnv(kFnvStart, out.data() + 8, n);
  std::memcpy(out.data(), &sum, 8);
  return out;
}

dmxp::ChannelOptions typed_options(const Args& a) {
  dmxp::ChannelOptions o;
  o.domain(a.domain.c_str()).capacity(16).slot_size(8192).type(JointState::kFingerprint, JointState::kTypeName);
  o.descriptor(JointState::kDescriptor.data(), JointState::kDescriptor.size());
  return o;
}

dmxp::ChannelOptions queue_options(const Args& a) {
  dmxp::ChannelOptions o;
  o.domain(a.domain.c_str()).mode(DMXP_MODE_QUEUE).capacity(256);
  return o;
}

void produce(const Args& a) {
  auto typed = must(dmxp::Producer::open(a.channel, typed_options(a)), "open typed producer");
  dmxp::ChannelOptions ro;
  ro.domain(a.domain.c_str());
  auto rawp = must(dmxp::Producer::open_id(a.raw_id, ro), "open raw producer");
  uint64_t sum = kFnvStart;
  for (uint64_t i = 0; i < a.count; ++i) {
    void* slot = must(typed.loan(sizeof(JointState)), "loan");
    auto* m = new (slot) JointState();  // every byte zero, then filled
    fill(*m, i, a.seed);
    sum = fnv(sum, m, sizeof *m);
    must(typed.commit(sizeof *m), "commit");
  }
  for (uint64_t i = 0; i < a.count; ++i) {
    auto bytes = raw(i, a.seed);
    sum = fnv(sum, bytes.data(), bytes.size());
    must(rawp.send(bytes.data(), bytes.size()), "send");
  }
  std::printf("sum %016llx\n", (unsigned long long)sum);
}

void expect_equal(const JointState& got, const JointState& want, uint64_t i) {
  auto fail = [&](const char* field) { die("typed message " + std::to_string(i) + ": " + field + " differs"); };
  if (got.header.stamp.sec != want.header.stamp.sec || got.header.stamp.nanosec != want.header.stamp.nanosec) fail("header.stamp");
  if (got.header.frame_id.view() != want.header.frame_id.view()) fail("header.frame_id");
  if (got.name.size() != want.name.size()) fail("name.size");
  for (size_t j = 0; j < want.name.size(); ++j)
    if (got.name[j].view() != want.name[j].view()) fail("name[j]");
  auto same = [](const auto& x, const auto& y) {
    if (x.size() != y.size()) return false;
    for (size_t j = 0; j < y.size(); ++j)
      if (x[j] != y[j]) return false;
    return true;
  };
  if (!same(got.position, want.position)) fail("position");
  if (!same(got.velocity, want.velocity)) fail("velocity");
  if (!same(got.effort, want.effort)) fail("effort");
}

void consume(const Args& a) {
  auto typed = must(dmxp::Consumer::open(a.channel, typed_options(a)), "open typed consumer");
  dmxp::ChannelOptions ro;
  ro.domain(a.domain.c_str());
  auto rawc = must(dmxp::Consumer::open_id(a.raw_id, ro), "open raw consumer");
  std::printf("ready\n");
  std::fflush(stdout);
  uint64_t sum = kFnvStart;
  auto want = std::make_unique<JointState>();
  for (uint64_t i = 0; i < a.count; ++i) {
    dmxp::Message m = must(typed.receive(10'000'000'000), "receive typed");
    if (m.size() != sizeof(JointState)) die("typed message " + std::to_string(i) + ": wrong size " + std::to_string(m.size()));
    new (want.get()) JointState();
    fill(*want, i, a.seed);
    expect_equal(*static_cast<const JointState*>(m.data()), *want, i);
    sum = fnv(sum, m.data(), m.size());
  }
  for (uint64_t i = 0; i < a.count; ++i) {
    dmxp::Message m = must(rawc.receive(10'000'000'000), "receive raw");
    auto expected = raw(i, a.seed);
    uint64_t carried;
    std::memcpy(&carried, m.data(), 8);
    if (m.size() != expected.size() || std::memcmp(m.data(), expected.data(), m.size()) != 0 ||
        carried != fnv(kFnvStart, static_cast<const char*>(m.data()) + 8, m.size() - 8))
      die("raw message " + std::to_string(i) + ": wrong size, bytes or checksum");
    sum = fnv(sum, m.data(), m.size());
  }
  std::printf("sum %016llx\n", (unsigned long long)sum);
}

void queue_produce(const Args& a) {
  auto p = must(dmxp::Producer::open(a.channel, queue_options(a)), "open queue producer");
  for (uint32_t i = 0; i < a.count; ++i) must(p.send(&i, 4), "send");
  for (uint64_t k = 0; k < a.consumers; ++k) must(p.send("", 0), "send end marker");
}

void queue_consume(const Args& a) {
  auto c = must(dmxp::Consumer::open(a.channel, queue_options(a)), "open queue consumer");
  std::printf("ready\n");
  std::fflush(stdout);
  std::string took;
  size_t n = 0;
  for (;;) {
    dmxp::Message m = must(c.receive(10'000'000'000), "receive");
    if (m.size() == 0) break;
    uint32_t i;
    std::memcpy(&i, m.data(), 4);
    took += (n++ ? "," : "") + std::to_string(i);
  }
  std::printf("took %zu %s\n", n, took.c_str());
}

uint64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

// bench/lang: busy-polls count 64-byte messages (sequence, CLOCK_MONOTONIC at send).
void bench(const Args& a) {
  dmxp::ChannelOptions o;
  o.domain(a.domain.c_str()).capacity(4096).slot_size(64);
  auto c = must(dmxp::Consumer::open(a.channel, o), "open bench consumer");
  std::printf("ready\n");
  std::fflush(stdout);
  std::vector<uint64_t> lat(a.count);
  uint64_t first = 0, last = 0;
  for (uint64_t i = 0; i < a.count;) {
    auto m = c.try_receive();
    if (!m) {
      if (m.status() != DMXP_ERR_WOULD_BLOCK) die(m.error().what());
      continue;
    }
    last = mono_ns();
    uint64_t sent;
    std::memcpy(&sent, static_cast<const char*>(m.value().data()) + 8, 8);
    lat[i] = last - sent;
    if (i++ == 0) first = last;
  }
  std::sort(lat.begin(), lat.end());
  std::printf("bench %llu %llu %llu %llu\n", (unsigned long long)a.count, (unsigned long long)(last - first),
              (unsigned long long)lat[a.count / 2], (unsigned long long)lat[a.count * 99 / 100]);
}

Args parse(int argc, char** argv) {
  if (argc < 2) die("usage: participant produce|consume|queue-produce|queue-consume --domain D --channel C ...");
  Args a;
  a.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--domain") a.domain = v;
    else if (k == "--channel") a.channel = v;
    else if (k == "--raw-id") a.raw_id = std::stoull(v);
    else if (k == "--count") a.count = std::stoull(v);
    else if (k == "--seed") a.seed = std::stoull(v);
    else if (k == "--consumers") a.consumers = std::stoull(v);
    else die("unknown option " + k);
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse(argc, argv);
  if (a.mode == "produce") produce(a);
  else if (a.mode == "consume") consume(a);
  else if (a.mode == "queue-produce") queue_produce(a);
  else if (a.mode == "queue-consume") queue_consume(a);
  else if (a.mode == "bench") bench(a);
  else die("unknown mode " + a.mode);
  return 0;
}
