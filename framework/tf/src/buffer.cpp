#include "dmxp/tf/buffer.hpp"

#include <algorithm>
#include <exception>
#include <limits>

namespace dmxp::tf {

namespace {

// tf2's guard against a loop in the tree (a frame that is its own ancestor).
constexpr int kMaxDepth = 1000;
constexpr const char* kLoop = "The tf tree is invalid because it contains a loop.";

std::string strip_slash(const std::string& s) { return !s.empty() && s[0] == '/' ? s.substr(1) : s; }

void validate_lookup_frame(const std::string& frame, const char* argument) {
  if (frame.empty())
    throw InvalidArgumentError(std::string("Invalid argument passed to lookupTransform argument ") + argument +
                               " in tf2 frame_ids cannot be empty");
  if (frame[0] == '/')
    throw InvalidArgumentError("Invalid argument \"" + frame + "\" passed to lookupTransform argument " + argument +
                               " - in tf2 frame_ids cannot start with a '/' like: ");
}

}  // namespace

// The frames met walking up from one frame towards the root, each with the transform mapping
// points of the starting frame into it.
struct Buffer::Walk {
  struct Step {
    int frame;
    Eigen::Isometry3d from_start;
  };
  std::vector<Step> chain;
  bool stopped = false;  // reached the frame (or a frame of the set) it was told to stop at
  std::string error;     // why it stopped short of the root
};

Buffer::Buffer(std::chrono::nanoseconds cache_time) : cache_time_(cache_time) {}

int Buffer::id_of(const std::string& name) const {
  auto it = ids_.find(name);
  return it == ids_.end() ? -1 : it->second;
}

int Buffer::intern(const std::string& name) {
  auto [it, added] = ids_.emplace(name, int(frames_.size()));
  if (added) frames_.push_back(Frame{name, TimeCache(false, cache_time_), ""});
  return it->second;
}

bool Buffer::set_transform(const StampedTransform& t, const std::string& authority, bool is_static,
                           std::string* why) {
  std::string parent = strip_slash(t.frame_id), child = strip_slash(t.child_frame_id);
  if (child.empty())
    throw InvalidArgumentError("TF_NO_CHILD_FRAME_ID: Ignoring transform from authority \"" + authority +
                               "\" because child_frame_id not set");
  if (parent.empty())
    throw InvalidArgumentError("TF_NO_FRAME_ID: Ignoring transform with child_frame_id \"" + child +
                               "\" from authority \"" + authority + "\" because frame_id not set");
  if (parent == child)
    throw InvalidArgumentError("TF_SELF_TRANSFORM: Ignoring transform from authority \"" + authority +
                               "\" with frame_id and child_frame_id \"" + child + "\" because they are the same");
  if (!t.transform.matrix().allFinite())
    throw InvalidArgumentError("TF_NAN_INPUT: Ignoring transform for child_frame_id \"" + child +
                               "\" from authority \"" + authority + "\" because of a nan value in the transform");
  TransformSample s;
  s.stamp = t.stamp;
  s.translation = t.transform.translation();
  s.rotation = Eigen::Quaterniond(t.transform.rotation()).normalized();
  {
    std::lock_guard lock(mutex_);
    s.parent = intern(parent);
    Frame& f = frames_[intern(child)];
    // A frame's kind is the kind of what it was last given (tf2 keeps one cache per frame).
    if (f.cache.empty() || f.cache.is_static() != is_static) f.cache = TimeCache(is_static, cache_time_);
    if (!f.cache.insert(s, why)) return false;
    f.authority = authority;
  }
  changed_.notify_all();
  return true;
}

Buffer::Walk Buffer::walk_up(int from, TimeNs time, int stop_at, const std::vector<bool>* stop_set) const {
  Walk w;
  w.chain.push_back({from, Eigen::Isometry3d::Identity()});
  int f = from;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    if (f == stop_at || (stop_set && (*stop_set)[size_t(f)])) {
      w.stopped = true;
      return w;
    }
    const TimeCache& cache = frames_[size_t(f)].cache;
    if (cache.empty()) return w;  // a root
    std::optional<TransformSample> s = cache.at(time, &w.error);
    if (!s) return w;
    Eigen::Isometry3d link = Eigen::Translation3d(s->translation) * s->rotation;
    f = s->parent;
    w.chain.push_back({f, link * w.chain.back().from_start});
  }
  w.error = kLoop;
  return w;
}

TimeNs Buffer::latest_common_time(int target, int source) const {
  // Each chain with the newest stamp of each dynamic link, following the newest parents.
  auto chain_of = [&](int from) {
    std::vector<std::pair<int, TimeNs>> chain;  // (frame, newest stamp of its link, 0: static)
    for (int f = from, depth = 0; f >= 0; ++depth) {
      if (depth == kMaxDepth) throw TransformError(kLoop);
      const TimeCache& c = frames_[size_t(f)].cache;
      chain.push_back({f, c.is_static() ? 0 : c.newest()});
      f = c.empty() ? -1 : c.parent_at(0);
    }
    return chain;
  };
  auto s = chain_of(source), t = chain_of(target);
  std::vector<bool> in_source(frames_.size());
  for (auto& [f, _] : s) in_source[size_t(f)] = true;
  TimeNs common = std::numeric_limits<TimeNs>::max();
  int ancestor = -1;
  for (auto& [f, stamp] : t) {
    if (in_source[size_t(f)]) {
      ancestor = f;
      break;
    }
    if (stamp != 0) common = std::min(common, stamp);
  }
  if (ancestor < 0)
    throw ConnectivityError("Could not find a connection between '" + frames_[size_t(target)].name + "' and '" +
                            frames_[size_t(source)].name +
                            "' because they are not part of the same tree. Tf has two or more unconnected trees.");
  for (auto& [f, stamp] : s) {
    if (f == ancestor) break;
    if (stamp != 0) common = std::min(common, stamp);
  }
  return common == std::numeric_limits<TimeNs>::max() ? 0 : common;
}

StampedTransform Buffer::lookup_locked(const std::string& target, const std::string& source, TimeNs time) const {
  validate_lookup_frame(target, "target_frame");
  validate_lookup_frame(source, "source_frame");
  int t = id_of(target), s = id_of(source);
  if (t < 0) throw LookupError("\"" + target + "\" passed to lookupTransform argument target_frame does not exist. ");
  if (s < 0) throw LookupError("\"" + source + "\" passed to lookupTransform argument source_frame does not exist. ");
  StampedTransform out;
  out.frame_id = target;
  out.child_frame_id = source;
  out.stamp = time;
  if (s == t) return out;
  std::string context = ", when looking up transform from frame [" + source + "] to frame [" + target + "]";
  if (time == 0) time = out.stamp = latest_common_time(t, s);

  Walk up = walk_up(s, time, t, nullptr);
  if (up.error == kLoop) throw TransformError(kLoop);
  if (up.stopped) {
    out.transform = up.chain.back().from_start;
    return out;
  }
  std::vector<bool> in_source(frames_.size());
  for (const auto& step : up.chain) in_source[size_t(step.frame)] = true;
  Walk down = walk_up(t, time, -1, &in_source);
  if (down.error == kLoop) throw TransformError(kLoop);
  if (!down.stopped) {
    if (!up.error.empty()) throw ExtrapolationError(up.error + context);
    if (!down.error.empty()) throw ExtrapolationError(down.error + context);
    throw ConnectivityError("Could not find a connection between '" + target + "' and '" + source +
                            "' because they are not part of the same tree. Tf has two or more unconnected trees.");
  }
  int ancestor = down.chain.back().frame;
  auto at = std::find_if(up.chain.begin(), up.chain.end(), [&](const Walk::Step& x) { return x.frame == ancestor; });
  out.transform = down.chain.back().from_start.inverse() * at->from_start;
  return out;
}

StampedTransform Buffer::lookup_transform(const std::string& target, const std::string& source, TimeNs time) const {
  std::lock_guard lock(mutex_);
  return lookup_locked(target, source, time);
}

StampedTransform Buffer::lookup_transform(const std::string& target, const std::string& source, TimeNs time,
                                          std::chrono::nanoseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    try {
      return lookup_locked(target, source, time);
    } catch (const InvalidArgumentError&) {
      throw;  // waiting cannot fix the arguments
    } catch (const TransformError&) {
      if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) return lookup_locked(target, source, time);
    }
  }
}

bool Buffer::can_transform(const std::string& target, const std::string& source, TimeNs time,
                           std::string* error) const {
  try {
    lookup_transform(target, source, time);
    return true;
  } catch (const TransformError& e) {
    if (error) *error = e.what();
    return false;
  }
}

std::vector<std::string> Buffer::frames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const Frame& f : frames_) out.push_back(f.name);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<FrameInfo> Buffer::frame_info() const {
  std::lock_guard lock(mutex_);
  std::vector<FrameInfo> out;
  for (const Frame& f : frames_) {
    if (f.cache.empty()) continue;
    out.push_back(FrameInfo{f.name, frames_[size_t(f.cache.parent_at(0))].name, f.authority, f.cache.is_static(),
                            f.cache.oldest(), f.cache.newest(), f.cache.size()});
  }
  std::sort(out.begin(), out.end(), [](const FrameInfo& a, const FrameInfo& b) { return a.frame < b.frame; });
  return out;
}

void Buffer::clear() {
  std::lock_guard lock(mutex_);
  for (Frame& f : frames_) f.cache = TimeCache(false, cache_time_);
}

}  // namespace dmxp::tf
