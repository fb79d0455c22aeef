// py_peer - the C++ side of the Python binding's cross-language tests. One role per run:
//
//   produce <channel> <count> <size>     raw messages payload(i, size) (see payload below)
//   consume <channel> <count>            receives count raw messages, checks order and each
//                                        payload; prints "ok <count> <fnv1a of all payloads>"
//   imu-produce <channel>                one sensor_msgs/Imu with known fields
//   image-produce <channel> <w> <h>      one rgb8 sensor_msgs/Image, pixel (x, y, c) =
//                                        (x + 3*y + 7*c) & 0xFF, frame_id "camera"
//   pose-consume <channel>               one geometry_msgs/PoseStamped written by Python;
//                                        prints its fields
//   rt-talker <topic> <count>            node "cpp_talker": std_msgs/Int64 data = 0..count-1
//                                        once a subscription is there
//   rt-listener <topic> <count>          node "cpp_listener": prints "ok <count> <sum>"
//   rt-client <service> <value>          calls a std_msgs/Int64 -> Int64 service; prints the
//                                        response's data
//   rt-wrong-type <topic>                subscribes with std_msgs/Float64; prints the error
//
// The payload must stay in step with tests/python/conftest.py: payload().
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <dmxp/dmxp.hpp>
#include <dmxp/msg/typed.hpp>
#include <dmxp/rt/executor.hpp>
#include <dmxp/rt/node.hpp>
#include <geometry_msgs/msg/PoseStamped.hpp>
#include <sensor_msgs/msg/Image.hpp>
#include <sensor_msgs/msg/Imu.hpp>
#include <std_msgs/msg/Float64.hpp>
#include <std_msgs/msg/Int64.hpp>

namespace {

constexpr int64_t kWait = 10'000'000'000;  // 10 s: a test that waits longer has failed

std::vector<unsigned char> payload(uint64_t index, size_t size) {
  uint32_t seed = uint32_t((index * 2654435761u + 12345u) & 0xFFFFFFFFu);
  std::vector<unsigned char> out(size);
  for (size_t i = 0; i < size; i++) {
    seed = seed * 1103515245u + 12345u;
    out[i] = (seed >> 16) & 0xFF;
  }
  if (size >= 8) std::memcpy(out.data(), &index, 8);
  return out;
}

uint64_t fnv1a(const void* data, size_t n, uint64_t h) {
  for (size_t i = 0; i < n; i++) h = (h ^ static_cast<const unsigned char*>(data)[i]) * 0x100000001B3ull;
  return h;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "py_peer: %s\n", what.c_str());
  return 1;
}

int produce(const std::string& channel, uint64_t count, size_t size) {
  auto p = dmxp::Producer::open(channel);
  if (!p) return fail(p.error().what());
  for (uint64_t i = 0; i < count; i++) {
    auto bytes = payload(i, size);
    if (auto r = p.value().send(bytes.data(), bytes.size(), kWait); !r) return fail(r.error().what());
  }
  return 0;
}

int consume(const std::string& channel, uint64_t count) {
  auto c = dmxp::Consumer::open(channel);
  if (!c) return fail(c.error().what());
  uint64_t h = 0xCBF29CE484222325ull;
  for (uint64_t i = 0; i < count; i++) {
    auto m = c.value().receive(kWait);
    if (!m) return fail("message " + std::to_string(i) + ": " + m.error().what());
    auto want = payload(i, m.value().size());
    if (m.value().size() < 8 || std::memcmp(m.value().data(), want.data(), want.size()) != 0)
      return fail("message " + std::to_string(i) + " has the wrong bytes (order or content)");
    h = fnv1a(m.value().data(), m.value().size(), h);
  }
  std::printf("ok %llu %llu\n", (unsigned long long)count, (unsigned long long)h);
  return 0;
}

int imu_produce(const std::string& channel) {
  using sensor_msgs::msg::Imu;
  auto p = dmxp::Producer::open(channel, dmxp::msg::typed_options<Imu>());
  if (!p) return fail(p.error().what());
  auto* imu = new (p.value().loan(sizeof(Imu)).value()) Imu();
  imu->header.stamp.sec = 1700000000;
  imu->header.stamp.nanosec = 123456789;
  imu->header.frame_id = "imu_link";
  imu->orientation.x = 0.1;
  imu->orientation.y = -0.2;
  imu->orientation.z = 0.3;
  imu->orientation.w = 0.9;
  for (int i = 0; i < 9; i++) imu->angular_velocity_covariance[i] = i * 0.5;
  imu->linear_acceleration.z = 9.81;
  p.value().commit(sizeof(Imu));
  return 0;
}

int image_produce(const std::string& channel, uint32_t w, uint32_t h) {
  using sensor_msgs::msg::Image;
  auto p = dmxp::Producer::open(channel, dmxp::msg::typed_options<Image>());
  if (!p) return fail(p.error().what());
  auto* img = new (p.value().loan(sizeof(Image)).value()) Image(dmxp::msg::skip_init);
  img->header.frame_id = "camera";
  img->height = h;
  img->width = w;
  img->encoding = "rgb8";
  img->step = w * 3;
  img->data.resize(size_t(w) * h * 3);
  unsigned char* px = img->data.data();
  for (uint32_t y = 0; y < h; y++)
    for (uint32_t x = 0; x < w; x++)
      for (uint32_t c = 0; c < 3; c++) px[(size_t(y) * w + x) * 3 + c] = (x + 3 * y + 7 * c) & 0xFF;
  p.value().commit(sizeof(Image));
  return 0;
}

int pose_consume(const std::string& channel) {
  using geometry_msgs::msg::PoseStamped;
  auto c = dmxp::Consumer::open(channel, dmxp::msg::typed_options<PoseStamped>());
  if (!c) return fail(c.error().what());
  auto m = c.value().receive(kWait);
  if (!m) return fail(m.error().what());
  const auto* pose = static_cast<const PoseStamped*>(m.value().data());
  std::printf("%s %d %u %.17g %.17g %.17g %.17g\n", pose->header.frame_id.str().c_str(), pose->header.stamp.sec,
              pose->header.stamp.nanosec, pose->pose.position.x, pose->pose.position.y, pose->pose.position.z,
              pose->pose.orientation.w);
  return 0;
}

int rt_talker(const std::string& topic, int64_t count) {
  auto node = std::make_shared<dmxp::rt::Node>("cpp_talker");
  auto pub = node->create_publisher<std_msgs::msg::Int64>(topic, dmxp::rt::QoS(64)).value();
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pub.subscription_count() == 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (int64_t i = 0; i < count; i++) {
    std_msgs::msg::Int64 v;
    v.data = i;
    if (auto r = pub.publish(v); !r) return fail(r.error().what());
  }
  return 0;
}

int rt_listener(const std::string& topic, int64_t count) {
  auto node = std::make_shared<dmxp::rt::Node>("cpp_listener");
  int64_t got = 0, sum = 0, expected = 0;
  bool in_order = true;
  dmxp::rt::SingleThreadedExecutor exec;
  auto sub = node->create_subscription<std_msgs::msg::Int64>(topic, dmxp::rt::QoS(64),
      [&](const std_msgs::msg::Int64& m) {
        in_order &= m.data == expected++;
        sum += m.data;
        if (++got == count) exec.cancel();
      }).value();
  std::printf("ready\n");
  std::fflush(stdout);
  exec.add_node(node);
  exec.spin_for(std::chrono::seconds(10));
  if (!in_order) return fail("messages out of order");
  std::printf("ok %lld %lld\n", (long long)got, (long long)sum);
  return got == count ? 0 : 1;
}

int rt_client(const std::string& service, int64_t value) {
  auto node = std::make_shared<dmxp::rt::Node>("cpp_client");
  auto cli = node->create_client<std_msgs::msg::Int64, std_msgs::msg::Int64>(service).value();
  if (!cli.wait_for_service(std::chrono::seconds(10))) return fail("no server for " + service);
  std_msgs::msg::Int64 rq;
  rq.data = value;
  auto r = cli.call(rq, std::chrono::seconds(5));
  if (!r) {
    std::printf("error %s\n", r.error().what());
    return 2;
  }
  std::printf("%lld\n", (long long)r.value().data);
  return 0;
}

int rt_wrong_type(const std::string& topic) {
  auto node = std::make_shared<dmxp::rt::Node>("cpp_wrong");
  auto sub = node->create_subscription<std_msgs::msg::Float64>(topic, 10, [](const std_msgs::msg::Float64&) {});
  if (sub) return fail("a Float64 subscription on an Int64 topic was accepted");
  std::printf("%s\n", sub.error().what());
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  auto n = [&](size_t i) { return std::stoll(a.at(i)); };
  try {
    if (a.size() == 4 && a[0] == "produce") return produce(a[1], n(2), n(3));
    if (a.size() == 3 && a[0] == "consume") return consume(a[1], n(2));
    if (a.size() == 2 && a[0] == "imu-produce") return imu_produce(a[1]);
    if (a.size() == 4 && a[0] == "image-produce") return image_produce(a[1], n(2), n(3));
    if (a.size() == 2 && a[0] == "pose-consume") return pose_consume(a[1]);
    if (a.size() == 3 && a[0] == "rt-talker") return rt_talker(a[1], n(2));
    if (a.size() == 3 && a[0] == "rt-listener") return rt_listener(a[1], n(2));
    if (a.size() == 3 && a[0] == "rt-client") return rt_client(a[1], n(2));
    if (a.size() == 2 && a[0] == "rt-wrong-type") return rt_wrong_type(a[1]);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return fail("usage: see tests/python/peer.cpp");
}
