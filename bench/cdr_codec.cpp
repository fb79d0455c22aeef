// dmxp-bench-cdr: encode and decode speed of the CDR codec (framework/wire) on the messages a
// bridge carries most: Odometry, LaserScan (720 rays, and full at 8192) and a 1080p rgb8 Image.
// For each: the median time per message over many runs, the CDR size, and a memcpy of the same
// number of bytes as the floor. Run: build/bin/dmxp-bench-cdr [seconds per case, default 1].
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <dmxp/wire/cdr.hpp>
#include <nav_msgs/msg/Odometry.hpp>
#include <sensor_msgs/msg/Image.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>

namespace {

using Clock = std::chrono::steady_clock;

// Median nanoseconds of fn over batches that fill `seconds`.
template <class F>
double median_ns(double seconds, F&& fn) {
  std::vector<double> samples;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end || samples.size() < 5) {
    auto t0 = Clock::now();
    fn();
    samples.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count());
  }
  std::nth_element(samples.begin(), samples.begin() + samples.size() / 2, samples.end());
  return samples[samples.size() / 2];
}

template <class T>
void run(const char* label, const T& msg, double seconds) {
  auto codec = dmxp::wire::CdrCodec::from_descriptor(T::kDescriptor).value();
  std::vector<std::byte> cdr;
  cdr.reserve(sizeof(T) + 64);
  auto back = std::make_unique<T>();
  double enc = median_ns(seconds, [&] {
    cdr.clear();
    if (!codec.encode(&msg, cdr).ok()) std::abort();
  });
  double dec = median_ns(seconds, [&] {
    if (!codec.decode(cdr, back.get()).ok()) std::abort();
  });
  std::vector<std::byte> a(cdr.size()), b(cdr.size());
  double copy = median_ns(seconds, [&] { std::memcpy(b.data(), a.data(), a.size()); });
  auto gbps = [&](double ns) { return double(cdr.size()) / ns; };
  std::printf("%-22s %10zu B  encode %10.0f ns (%5.2f GB/s)  decode %10.0f ns (%5.2f GB/s)  memcpy %9.0f ns\n",
              label, cdr.size(), enc, gbps(enc), dec, gbps(dec), copy);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  auto odom = std::make_unique<nav_msgs::msg::Odometry>();
  odom->header.frame_id = "odom";
  odom->child_frame_id = "base_link";
  for (int i = 0; i < 36; ++i) odom->pose.covariance[i] = odom->twist.covariance[i] = i;
  run("Odometry", *odom, seconds);

  for (int rays : {720, 8192}) {
    auto scan = std::make_unique<sensor_msgs::msg::LaserScan>();
    scan->header.frame_id = "laser";
    for (int i = 0; i < rays; ++i) {
      scan->ranges.push_back(1.f + float(i) * 1e-3f);
      scan->intensities.push_back(float(i % 100));
    }
    run(("LaserScan " + std::to_string(rays) + " rays").c_str(), *scan, seconds);
  }

  auto img = std::make_unique<sensor_msgs::msg::Image>(dmxp::msg::skip_init);
  img->header.frame_id = "camera";
  img->height = 1080;
  img->width = 1920;
  img->encoding = "rgb8";
  img->step = 1920 * 3;
  img->data.resize(1920 * 1080 * 3);
  for (size_t i = 0; i < img->data.size(); ++i) img->data[i] = uint8_t(i * 7);
  run("Image 1080p rgb8", *img, seconds);
  return 0;
}
