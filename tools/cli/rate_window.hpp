// rate_window.hpp - statistics over the last N samples (periods, sizes, delays) for
// `dmxp topic hz/bw/delay`: mean, min, max and standard deviation, in O(1) per sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

namespace dmxp::cli {

class RateWindow {
 public:
  explicit RateWindow(size_t capacity) : capacity_(capacity ? capacity : 1) {}
  void add(double v);
  size_t count() const { return values_.size(); }
  double sum() const { return sum_; }
  double mean() const { return values_.empty() ? 0 : sum_ / double(values_.size()); }
  double stddev() const;
  double min() const;
  double max() const;

 private:
  size_t capacity_;
  std::deque<double> values_;
  double sum_ = 0, sum_sq_ = 0;
};

}  // namespace dmxp::cli
