// time_cache.hpp - the history of one frame's transform to its parent, as tf2's TimeCache:
// samples ordered by stamp, kept for a fixed span behind the newest, read back at any time
// inside that span by interpolation (linear for the translation, slerp for the rotation).
// A static frame's cache holds one sample, valid at every time.
#pragma once

#include <Eigen/Geometry>
#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include "dmxp/tf/stamped_transform.hpp"

namespace dmxp::tf {

// One link of the tree at one time: parent <- child.
struct TransformSample {
  TimeNs stamp = 0;
  int parent = -1;  // the buffer's id of the parent frame
  Eigen::Vector3d translation = Eigen::Vector3d::Zero();
  Eigen::Quaterniond rotation = Eigen::Quaterniond::Identity();
};

class TimeCache {
 public:
  // A dynamic cache keeps samples up to `span` older than its newest; a static one keeps one.
  TimeCache(bool is_static, std::chrono::nanoseconds span) : static_(is_static), span_(span.count()) {}

  // Adds a sample. false (and why in *why) for one older than the span behind the newest or
  // with a stamp already held: tf2 (Jazzy) ignores both (TF_OLD_DATA, TF_REPEATED_DATA).
  bool insert(const TransformSample& s, std::string* why = nullptr);

  // The sample at `time` (0: the newest), interpolated between the two around it when both
  // have the same parent. nullopt with tf2's extrapolation text in *error when `time` is
  // outside the samples held.
  std::optional<TransformSample> at(TimeNs time, std::string* error) const;

  // The parent at `time` (0: newest), -1 when none (empty, or `time` out of range).
  int parent_at(TimeNs time) const;

  bool is_static() const { return static_; }
  bool empty() const { return samples_.empty(); }
  size_t size() const { return samples_.size(); }
  TimeNs oldest() const { return samples_.empty() ? 0 : samples_.front().stamp; }
  TimeNs newest() const { return samples_.empty() ? 0 : samples_.back().stamp; }

 private:
  bool static_;
  TimeNs span_;
  std::deque<TransformSample> samples_;  // ascending stamps
};

}  // namespace dmxp::tf
