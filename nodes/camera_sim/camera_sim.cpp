// camera_sim - publishes sensor_msgs/Image at 1080p or 4K (rgb8). The frame is built in its
// ring slot: nothing is copied, and with fill "stripe" (the default) only a moving band of
// rows is written per frame, so the publish cost does not grow with the resolution.
//
// Parameters: resolution ("1080p" | "4k"), rate_hz (30.0), fill ("stripe" | "full" |
// "none"), frame_id ("camera"). Topic: "image" (best effort, depth 2: 2 x 25 MB slots at 4K).
#include <sensor_msgs/msg/Image.hpp>

#include <cstring>

#include "../common/stamp.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_nodes {

using sensor_msgs::msg::Image;

class CameraSim : public dmxp::rt::Node {
 public:
  explicit CameraSim(const dmxp::rt::NodeOptions& o) : Node("camera_sim", o) {
    std::string res = declare_parameter("resolution", std::string("1080p"));
    if (res == "4k") { width_ = 3840; height_ = 2160; }
    else if (res == "1080p") { width_ = 1920; height_ = 1080; }
    else throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "resolution must be 1080p or 4k, not '" + res + "'");
    double rate = declare_parameter("rate_hz", 30.0);
    fill_ = declare_parameter("fill", std::string("stripe"));
    frame_ = frame_parameter(*this, "frame_id", "camera");
    pub_ = create_publisher<Image>("image", dmxp::rt::QoS(2).best_effort()).value();
    timer_ = create_timer(std::chrono::nanoseconds(int64_t(1e9 / rate)), [this] { frame(); });
    logger().info("{}x{} rgb8 at {} Hz ({} fill)", width_, height_, rate, fill_);
  }

 private:
  void frame() {
    auto img = pub_.loan();
    if (!img) return;
    set_stamp(img->header.stamp, realtime_ns());
    (void)img->header.frame_id.try_assign(frame_);  // checked at start-up
    img->height = height_;
    img->width = width_;
    img->encoding = "rgb8";
    img->is_bigendian = 0;
    img->step = width_ * 3;
    img->data.resize(size_t(img->step) * height_);  // claims the pixels in place: no writes
    uint8_t* px = img->data.data();
    if (fill_ == "full") {
      for (uint32_t y = 0; y < height_; ++y)
        std::memset(px + size_t(y) * img->step, int((y + count_) & 0xff), img->step);
    } else if (fill_ == "stripe") {
      uint32_t band = 8, y0 = uint32_t((count_ * band) % height_);
      for (uint32_t y = y0; y < std::min(height_, y0 + band); ++y)
        std::memset(px + size_t(y) * img->step, int(count_ & 0xff), img->step);
    }
    ++count_;
    pub_.publish(std::move(img));
  }

  uint32_t width_ = 0, height_ = 0;
  uint64_t count_ = 0;
  std::string fill_, frame_;
  dmxp::rt::Publisher<Image> pub_;
  dmxp::rt::Timer timer_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::CameraSim)
