#include "dmxp/tf/time_cache.hpp"

#include <algorithm>
#include <cstdio>

namespace dmxp::tf {

std::string format_time(TimeNs t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6f", double(t) * 1e-9);
  return buf;
}

bool TimeCache::insert(const TransformSample& s, std::string* why) {
  if (static_) {
    samples_.assign(1, s);
    return true;
  }
  if (!samples_.empty() && s.stamp < samples_.back().stamp - span_) {
    if (why) *why = "TF_OLD_DATA: data at time " + format_time(s.stamp) + " is older than the " +
                    format_time(span_) + " s the cache keeps behind its newest, " + format_time(samples_.back().stamp);
    return false;
  }
  auto it = std::lower_bound(samples_.begin(), samples_.end(), s.stamp,
                             [](const TransformSample& a, TimeNs t) { return a.stamp < t; });
  if (it != samples_.end() && it->stamp == s.stamp) {
    if (why) *why = "TF_REPEATED_DATA: already have data at time " + format_time(s.stamp);
    return false;
  }
  samples_.insert(it, s);
  while (samples_.front().stamp < samples_.back().stamp - span_) samples_.pop_front();
  return true;
}

namespace {

TransformSample interpolate(const TransformSample& a, const TransformSample& b, TimeNs t) {
  double r = double(t - a.stamp) / double(b.stamp - a.stamp);
  TransformSample out;
  out.stamp = t;
  out.parent = a.parent;
  out.translation = (1.0 - r) * a.translation + r * b.translation;
  out.rotation = a.rotation.slerp(r, b.rotation).normalized();
  return out;
}

}  // namespace

std::optional<TransformSample> TimeCache::at(TimeNs time, std::string* error) const {
  if (samples_.empty()) {
    if (error) *error = "the cache is empty";
    return std::nullopt;
  }
  if (static_ || time == 0) return samples_.back();
  if (samples_.size() == 1) {
    if (time == samples_.front().stamp) return samples_.front();
    if (error) *error = "Lookup would require extrapolation at time " + format_time(time) + ", but only time " +
                        format_time(samples_.front().stamp) + " is in the buffer";
    return std::nullopt;
  }
  if (time > samples_.back().stamp) {
    if (error) *error = "Lookup would require extrapolation into the future.  Requested time " + format_time(time) +
                        " but the latest data is at time " + format_time(samples_.back().stamp);
    return std::nullopt;
  }
  if (time < samples_.front().stamp) {
    if (error) *error = "Lookup would require extrapolation into the past.  Requested time " + format_time(time) +
                        " but the earliest data is at time " + format_time(samples_.front().stamp);
    return std::nullopt;
  }
  auto hi = std::lower_bound(samples_.begin(), samples_.end(), time,
                             [](const TransformSample& a, TimeNs t) { return a.stamp < t; });
  if (hi->stamp == time) return *hi;
  const TransformSample& lo = *(hi - 1);
  // A reparented frame: no interpolation across the change; tf2 answers with the earlier one.
  if (lo.parent != hi->parent) return lo;
  return interpolate(lo, *hi, time);
}

int TimeCache::parent_at(TimeNs time) const {
  std::optional<TransformSample> s = at(time, nullptr);
  return s ? s->parent : -1;
}

}  // namespace dmxp::tf
