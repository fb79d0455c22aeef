// fuzz_cdr_seed.cpp - writes the seed corpus of dmxp_fuzz_cdr (not a fuzzer):
//   dmxp_fuzz_cdr_seed <dir>
// For every type of fuzz_types.hpp: the CDR of a zeroed message and of one with strings and
// sequences filled, in both byte orders' headers, behind its type byte; and each descriptor
// behind the hostile-descriptor byte, followed by a NUL and its CDR.
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <dmxp/wire/cdr.hpp>

#include "fuzz_types.hpp"

namespace {

int g_count = 0;

void write(const std::string& dir, unsigned char lead, std::string_view middle,
           const std::vector<std::byte>& cdr) {
  std::ofstream f(dir + "/seed" + std::to_string(g_count++), std::ios::binary);
  f.put(char(lead));
  f.write(middle.data(), std::streamsize(middle.size()));
  f.write(reinterpret_cast<const char*>(cdr.data()), std::streamsize(cdr.size()));
}

template <class T>
void fill(T&) {}
void fill(std_msgs::msg::String& m) { m.data = "hello"; }
void fill(nav_msgs::msg::Odometry& m) {
  m.header.frame_id = "odom";
  m.child_frame_id = "base_link";
  m.pose.pose.orientation.w = 1;
}
void fill(sensor_msgs::msg::LaserScan& m) {
  m.header.frame_id = "laser";
  for (int i = 0; i < 5; ++i) m.ranges.push_back(float(i));
  m.intensities.push_back(1.f);
}
void fill(sensor_msgs::msg::JointState& m) {
  m.name.resize(2);
  m.name[0] = "a";
  m.name[1] = "elbow";
  m.position.push_back(0.5);
}
void fill(nav_msgs::msg::Path& m) {
  m.poses.resize(2);
  m.poses[1].header.frame_id = "map";
}
void fill(std_msgs::msg::Float64MultiArray& m) {
  m.layout.dim.resize(1);
  m.layout.dim[0].label = "x";
  m.data.push_back(2.5);
}

template <class T>
void seeds(const std::string& dir, size_t index) {
  auto m = std::make_unique<T>();
  std::vector<std::byte> zero, full;
  (void)dmxp::wire::CdrCodec::from_descriptor(T::kDescriptor).value().encode(m.get(), zero);
  fill(*m);
  (void)dmxp::wire::CdrCodec::from_descriptor(T::kDescriptor).value().encode(m.get(), full);
  write(dir, uint8_t(index), "", zero);
  write(dir, uint8_t(index), "", full);
  std::vector<std::byte> big_endian_header = full;
  big_endian_header[1] = std::byte{0};  // decodes as big-endian: other values, other paths
  write(dir, uint8_t(index), "", big_endian_header);
  std::string desc(T::kDescriptor);
  desc += '\0';
  write(dir, cdr_fuzz::kHostileDescriptor, desc, full);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: dmxp_fuzz_cdr_seed <dir>\n");
    return 2;
  }
  std::string dir = argv[1];
  seeds<std_msgs::msg::String>(dir, 0);
  seeds<nav_msgs::msg::Odometry>(dir, 1);
  seeds<sensor_msgs::msg::LaserScan>(dir, 2);
  seeds<sensor_msgs::msg::JointState>(dir, 3);
  seeds<nav_msgs::msg::Path>(dir, 4);
  seeds<sensor_msgs::msg::CameraInfo>(dir, 5);
  seeds<sensor_msgs::msg::Imu>(dir, 6);
  seeds<geometry_msgs::msg::PoseArray>(dir, 7);
  seeds<geometry_msgs::msg::TransformStamped>(dir, 8);
  seeds<std_msgs::msg::Float64MultiArray>(dir, 9);
  seeds<std_msgs::msg::Empty>(dir, 10);
  seeds<std_srvs::srv::SetBool_Response>(dir, 11);
  std::printf("dmxp_fuzz_cdr_seed: %d seeds in %s\n", g_count, dir.c_str());
  return 0;
}
