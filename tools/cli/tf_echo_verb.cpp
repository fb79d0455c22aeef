// dmxp tf echo <target> <source>: the transform between two frames, printed as tf2_echo
// prints it (translation, quaternion, roll-pitch-yaw), at --rate per second.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dmxp/tools/arg_cursor.hpp"
#include "output.hpp"
#include "tf_session.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

namespace {

constexpr const char* kUsage = "tf echo takes <target_frame> <source_frame> [--rate HZ] [--count N] [--timeout S]";

struct Options {
  std::vector<std::string> frames;
  double rate = 1.0;
  uint64_t count = 0;    // 0: until Ctrl-C
  double timeout = 0.0;  // 0: wait for the transform as long as it takes
};

// Roll, pitch, yaw (fixed axes x, y, z) of a rotation, as tf2's Matrix3x3::getRPY.
Eigen::Vector3d rpy(const Eigen::Matrix3d& m) {
  double pitch = std::asin(std::clamp(-m(2, 0), -1.0, 1.0));
  if (std::abs(m(2, 0)) > 1.0 - 1e-12) return {0.0, pitch, std::atan2(-m(0, 1), m(1, 1))};
  return {std::atan2(m(2, 1), m(2, 2)), pitch, std::atan2(m(1, 0), m(0, 0))};
}

void print(const GlobalOptions& g, const tf::StampedTransform& t) {
  Eigen::Vector3d p = t.transform.translation();
  Eigen::Quaterniond q(t.transform.rotation());
  Eigen::Vector3d r = rpy(t.transform.rotation());
  if (g.json) {
    std::printf("{\"stamp_ns\":%lld,\"frame_id\":%s,\"child_frame_id\":%s,\"translation\":[%.17g,%.17g,%.17g],"
                "\"rotation\":[%.17g,%.17g,%.17g,%.17g],\"rpy\":[%.17g,%.17g,%.17g]}\n",
                (long long)t.stamp, json_escape(t.frame_id).c_str(), json_escape(t.child_frame_id).c_str(), p.x(),
                p.y(), p.z(), q.x(), q.y(), q.z(), q.w(), r.x(), r.y(), r.z());
  } else {
    std::printf("At time %lld.%09lld\n", (long long)(t.stamp / 1000000000), (long long)(t.stamp % 1000000000));
    std::printf("- Translation: [%.3f, %.3f, %.3f]\n", p.x(), p.y(), p.z());
    std::printf("- Rotation: in Quaternion (xyzw) [%.3f, %.3f, %.3f, %.3f]\n", q.x(), q.y(), q.z(), q.w());
    std::printf("- Rotation: in RPY (radian) [%.3f, %.3f, %.3f]\n", r.x(), r.y(), r.z());
    Eigen::Vector3d d = r * (180.0 / M_PI);
    std::printf("- Rotation: in RPY (degree) [%.3f, %.3f, %.3f]\n", d.x(), d.y(), d.z());
  }
  std::fflush(stdout);
}

}  // namespace

int tf_echo(const GlobalOptions& g, const Args& args) {
  tools::ArgCursor a(args);
  Options o;
  try {
    std::string v;
    while (!a.done()) {
      if (a.value("--rate", &v)) o.rate = parse_positive("--rate", v);
      else if (a.value("--count", &v)) o.count = parse_count("--count", v);
      else if (a.value("--timeout", &v)) o.timeout = parse_positive("--timeout", v);
      else if (a.at_option()) return usage_error("unknown option '" + a.peek() + "' (" + kUsage + ")");
      else o.frames.push_back(a.take());
    }
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }
  if (o.frames.size() != 2) return usage_error(kUsage);
  const std::string &target = o.frames[0], &source = o.frames[1];
  install_stop_handler();
  try {
    TfSession session(effective_domain(g.domain), "dmxp_tf_echo");
    uint64_t period = uint64_t(1e9 / o.rate), start = monotonic_now_ns(), printed = 0;
    bool waited = false;
    std::string last_error;
    while (!stop_requested()) {
      try {
        // The first lookup waits a little: static frames arrive as soon as the listener starts.
        tf::StampedTransform t = session.buffer().lookup_transform(
            target, source, 0, printed == 0 && !waited ? std::chrono::milliseconds(200) : std::chrono::nanoseconds(0));
        print(g, t);
        if (o.count && ++printed >= o.count) return 0;
      } catch (const tf::TransformError& e) {
        last_error = e.what();
        if (o.timeout > 0 && monotonic_now_ns() - start >= uint64_t(o.timeout * 1e9))
          return fail("tf echo " + target + " " + source + ": " + last_error);
        std::fprintf(stderr, "Waiting for transform %s ->  %s: %s\n", target.c_str(), source.c_str(), e.what());
      }
      waited = true;
      sleep_ns(period);
    }
    return 0;
  } catch (const std::exception& e) {
    return fail(std::string("tf echo: ") + e.what());
  }
}

}  // namespace dmxp::cli
