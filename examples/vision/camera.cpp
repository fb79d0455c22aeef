// dmxp-vision-camera - a C++ producer of 4K frames: sensor_msgs/Image, 3840x2160 rgb8
// (25 MB), built in place in ring slots (loan, no copy) at a fixed frame rate.
//
//   dmxp-vision-camera [--channel camera] [--fps 30] [--frames 300] [--width 3840] [--height 2160]
//
// Each frame is a gradient shifted by the frame number (so consumers can check it), stamped
// with CLOCK_REALTIME when it is published (header.stamp) for latency measurements.
// KEEP_LAST with 4 slots: a slow consumer drops frames (and is told), the camera never waits.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <thread>

#include <dmxp/dmxp.hpp>
#include <dmxp/msg/typed.hpp>
#include <sensor_msgs/msg/Image.hpp>

namespace {

struct Options {
  std::string channel = "camera";
  double fps = 30;
  uint64_t frames = 300;
  uint32_t width = 3840, height = 2160;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (a == "--channel") o.channel = v;
    else if (a == "--fps") o.fps = std::stod(v);
    else if (a == "--frames") o.frames = std::stoull(v);
    else if (a == "--width") o.width = uint32_t(std::stoul(v));
    else if (a == "--height") o.height = uint32_t(std::stoul(v));
    else return false;
  }
  return o.fps > 0 && o.width > 0 && o.height > 0 && uint64_t(o.width) * o.height * 3 <= 24883200;
}

// Row y of frame f: every byte is (y + f) & 0xFF, so a frame's mean is known in advance and
// each row is one memset (the camera stays cheap; the consumer does the real work).
void draw(sensor_msgs::msg::Image& img, uint64_t frame) {
  size_t step = img.step;
  unsigned char* px = img.data.data();
  for (uint32_t y = 0; y < img.height; y++) std::memset(px + y * step, int((y + frame) & 0xFF), step);
}

}  // namespace

int main(int argc, char** argv) {
  using sensor_msgs::msg::Image;
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: dmxp-vision-camera [--channel C] [--fps F] [--frames N] [--width W] [--height H]\n"
                         "(width x height x 3 at most 24883200 bytes: the Image data capacity)\n");
    return 2;
  }
  auto opts = dmxp::msg::typed_options<Image>().capacity(4).backpressure(DMXP_KEEP_LAST);
  auto prod = dmxp::Producer::open(o.channel, opts);
  if (!prod) {
    std::fprintf(stderr, "dmxp-vision-camera: %s\n", prod.error().what());
    return 1;
  }
  const auto period = std::chrono::duration<double>(1.0 / o.fps);
  const auto start = std::chrono::steady_clock::now();
  for (uint64_t f = 0; f < o.frames; f++) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(period * double(f)));
    auto slot = prod.value().loan(sizeof(Image));
    if (!slot) {
      std::fprintf(stderr, "dmxp-vision-camera: %s\n", slot.error().what());
      return 1;
    }
    auto* img = new (slot.value()) Image(dmxp::msg::skip_init);  // 25 MB of pixels: not zeroed
    img->header.frame_id = "camera";
    img->height = o.height;
    img->width = o.width;
    img->encoding = "rgb8";
    img->step = o.width * 3;
    img->data.resize(size_t(img->step) * o.height);
    draw(*img, f);
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    img->header.stamp.sec = int32_t(ts.tv_sec);
    img->header.stamp.nanosec = uint32_t(ts.tv_nsec);
    prod.value().commit(sizeof(Image));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "dmxp-vision-camera: %llu frames %ux%u in %.2f s (%.1f fps)\n", (unsigned long long)o.frames,
               o.width, o.height, secs, o.frames / secs);
  return 0;
}
