// buffer.hpp - the transform tree, as tf2's BufferCore: every frame's transform to its parent
// over the last few seconds (dynamic frames) or for all time (static frames), and lookups of
// the transform between any two frames of one tree at any time the links cover.
//
//   dmxp::tf::Buffer buffer;
//   dmxp::tf::TransformListener listener(node, buffer);   // fills it from /tf and /tf_static
//   StampedTransform t = buffer.lookup_transform("odom", "laser", 0);   // 0: latest
//   Eigen::Vector3d p_odom = t.transform * p_laser;
//
// lookup_transform(target, source, time) returns the transform mapping points in `source`
// into `target` (tf2's argument order and meaning). The chain goes from `source` up to the
// frames' common ancestor and down to `target`; each dynamic link is interpolated at `time`
// (linear translation, slerped rotation) between the two samples around it; static links
// hold at every time. Time 0 asks for the latest time at which every dynamic link of the
// chain has data (tf2's "latest common time"); the result's stamp is the time used.
//
// Times are whatever clock the stamps are on: the buffer never reads a clock itself, except
// for the wall-clock timeout of the waiting lookup. A node following simulated time stamps
// its transforms with it, and lookups ask for those times.
//
// Thread-safe: a listener inserts from its executor while other threads look up.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "dmxp/tf/errors.hpp"
#include "dmxp/tf/stamped_transform.hpp"
#include "dmxp/tf/time_cache.hpp"

namespace dmxp::tf {

// One frame of the tree, for `dmxp tf tree` and other tools.
struct FrameInfo {
  std::string frame;
  std::string parent;      // at the newest sample
  std::string authority;   // who sent the newest sample (a node name, "" when unknown)
  bool is_static = false;
  TimeNs oldest = 0, newest = 0;  // stamps held (equal for a static frame)
  size_t samples = 0;
};

class Buffer {
 public:
  // `cache_time`: how far behind its newest sample a dynamic frame's history reaches (tf2's
  // default, 10 s).
  explicit Buffer(std::chrono::nanoseconds cache_time = std::chrono::seconds(10));

  // Adds one transform (parent = t.frame_id, child = t.child_frame_id; a leading '/' is
  // dropped from both, as tf2 does). Throws InvalidArgumentError, with tf2's TF_* text, for an
  // empty frame id, a frame that is its own parent, or a non-finite transform. Returns false (why in *why) when the
  // cache ignores it: older than the cache time behind the newest, or a stamp already held.
  bool set_transform(const StampedTransform& t, const std::string& authority, bool is_static,
                     std::string* why = nullptr);

  // The transform mapping points in `source` into `target` at `time` (0: latest common time).
  // Throws LookupError (a frame never seen), ConnectivityError (not one tree),
  // ExtrapolationError (a link has no data at `time`), InvalidArgumentError (a frame id that
  // is empty or starts with '/').
  StampedTransform lookup_transform(const std::string& target, const std::string& source, TimeNs time) const;

  // The same, waiting up to `timeout` (wall clock) for the transform to become available;
  // throws the last error seen when it does not.
  StampedTransform lookup_transform(const std::string& target, const std::string& source, TimeNs time,
                                    std::chrono::nanoseconds timeout) const;

  // Whether lookup_transform would succeed; if not, its error text in *error.
  bool can_transform(const std::string& target, const std::string& source, TimeNs time,
                     std::string* error = nullptr) const;

  // Every frame ever seen (children and parents), sorted.
  std::vector<std::string> frames() const;
  // Every frame with a parent, sorted by frame name.
  std::vector<FrameInfo> frame_info() const;

  void clear();

 private:
  struct Frame {
    std::string name;
    TimeCache cache;
    std::string authority;
  };
  struct Walk;
  int id_of(const std::string& name) const;  // -1: unknown
  int intern(const std::string& name);
  StampedTransform lookup_locked(const std::string& target, const std::string& source, TimeNs time) const;
  TimeNs latest_common_time(int target, int source) const;
  Walk walk_up(int from, TimeNs time, int stop_at, const std::vector<bool>* stop_set) const;

  std::chrono::nanoseconds cache_time_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::unordered_map<std::string, int> ids_;
  std::vector<Frame> frames_;  // by id; a frame seen only as a parent has an empty cache
};

}  // namespace dmxp::tf
